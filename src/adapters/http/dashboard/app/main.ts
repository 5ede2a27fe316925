import "uplot/dist/uPlot.min.css";
import "./styles.css";
import { render } from "preact";
import { takeKeyFromFragment } from "./api";
import { App } from "./app";
import { html } from "./html";

takeKeyFromFragment();
const root = document.getElementById("app");
if (root) {
  root.textContent = "";
  render(html`<${App} />`, root);
}
