import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderWithServer, TestServer } from "../../../test/server";
import { SignInView } from "./SignInView";

afterEach(() => vi.unstubAllGlobals());

function stubTokenEndpoint() {
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    const { password } = JSON.parse(String(init?.body)) as { password: string };
    if (!url.endsWith("/auth/token")) return new Response("{}", { status: 404 });
    return password === "slipway"
      ? Response.json({ access_token: "t0ken", token_type: "Bearer" })
      : Response.json({ error: "invalid_grant", error_description: "Wrong email or password." }, { status: 401 });
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

test("a wrong password shows the server's message; the right one goes back to the kept place", async () => {
  const fetch = stubTokenEndpoint();
  renderWithServer(<SignInView />, new TestServer(), { route: "/signin?next=%2Fusers%3Fpage%3D2", path: "/signin", token: null });
  await userEvent.type(screen.getByLabelText("Email"), "admin@demo");
  await userEvent.type(screen.getByLabelText("Password"), "nope");
  await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("Wrong email or password.");
  await userEvent.clear(screen.getByLabelText("Password"));
  await userEvent.type(screen.getByLabelText("Password"), "slipway");
  await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
  await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/users?page=2"));
  expect(fetch).toHaveBeenLastCalledWith(expect.stringMatching(/\/auth\/token$/), expect.objectContaining({ method: "POST" }));
});

test("a next that points off the app is ignored", async () => {
  stubTokenEndpoint();
  renderWithServer(<SignInView />, new TestServer(), { route: "/signin?next=%2F%2Fevil.example", path: "/signin", token: null });
  await userEvent.type(screen.getByLabelText("Email"), "admin@demo");
  await userEvent.type(screen.getByLabelText("Password"), "slipway");
  await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
  await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(/^\/$/));
});
