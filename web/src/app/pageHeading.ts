// Each page names itself once: the tab's title follows the page's <h1>, and after a navigation the
// keyboard focus moves to that heading, so a screen reader announces the new page (a single-page
// app has no page load to do it).
import { useEffect, useRef, type RefObject } from "react";
import { useLocation } from "react-router-dom";

export const APP_NAME = "Slipway";

/** "Models · Slipway"; the app's name alone while a page has no heading yet. */
export function titleFor(heading: string | null | undefined): string {
  const text = heading?.replace(/\s+/g, " ").trim();
  return text ? `${text} · ${APP_NAME}` : APP_NAME;
}

/** How long after a navigation a late heading (one shown after its data loads) still takes the focus. */
const LATE_HEADING_MS = 5000;

export function usePageHeading(main: RefObject<HTMLElement | null>): void {
  const { pathname } = useLocation();
  const firstPage = useRef(true);
  useEffect(() => {
    const region = main.current;
    if (!region) return;
    // The first page after a load is announced by the browser itself; only later ones move the focus.
    let focusDone = firstPage.current;
    firstPage.current = false;
    const focusAtNavigation = document.activeElement;
    const started = Date.now();
    const sync = () => {
      const heading = region.querySelector("h1");
      const title = titleFor(heading?.textContent);
      if (document.title !== title) document.title = title;
      if (focusDone || !heading) return;
      focusDone = true;
      const now = document.activeElement;
      // Not when the reader has moved on meanwhile (typing in a filter while the page loads).
      const untouched = now === focusAtNavigation || now === document.body || now === null;
      if (untouched && Date.now() - started < LATE_HEADING_MS) {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    };
    sync();
    const watch = new MutationObserver(sync);
    watch.observe(region, { subtree: true, childList: true, characterData: true });
    return () => watch.disconnect();
  }, [main, pathname]);
}
