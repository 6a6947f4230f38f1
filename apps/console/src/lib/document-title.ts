import { useEffect } from "react";

const PRODUCT = "Tollgate";

/** The browser tab's text for a page: its own title first, so tabs and history tell pages apart. */
export function documentTitle(pageTitle: string): string {
  const title = pageTitle.trim();
  return title === "" ? PRODUCT : `${title} · ${PRODUCT}`;
}

/** Sets the document title while the page is shown (every page's header calls this, so none is left untitled). */
export function useDocumentTitle(pageTitle: string): void {
  useEffect(() => {
    document.title = documentTitle(pageTitle);
  }, [pageTitle]);
}
