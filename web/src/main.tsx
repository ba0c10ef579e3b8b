import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter, RouterProvider } from "react-router-dom";
import { App } from "./app/App";
import "./app/styles.css";
import { AuthProvider } from "./lib/auth";
import { ROUTER_FUTURE } from "./lib/router";

// A data router (one splat route around the app's own <Routes>): it is what lets a page with unsaved
// work block navigation (`useBlocker`), which the plain <BrowserRouter> cannot.
const router = createBrowserRouter(
  [{ path: "*", element: <AuthProvider><App /></AuthProvider> }],
  { future: ROUTER_FUTURE },
);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <RouterProvider router={router} future={{ v7_startTransition: true }} />
  </StrictMode>,
);
