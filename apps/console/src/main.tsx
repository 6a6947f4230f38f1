import "@radix-ui/themes/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ConsoleRouter } from "./router.tsx";
import { ApiProvider } from "./components/api-provider.tsx";
import { ThemeRoot } from "./components/theme-root.tsx";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");
createRoot(root).render(
  <StrictMode>
    <ThemeRoot>
      <ApiProvider>
        <ConsoleRouter />
      </ApiProvider>
    </ThemeRoot>
  </StrictMode>,
);
