export { HTML_FOOTER, TEXT_FOOTER } from "./footer";
export { headerValue } from "./header-value";
export { decodeEntities, htmlToText } from "./html-to-text";
export { escapeHtml, insertPreheader } from "./preheader";
export {
  createRenderer,
  type LineContext,
  type RenderedEmail,
  type Renderer,
  type RendererOptions,
  type RenderInput,
} from "./renderer";
export { type RenderScope, renderScope } from "./scope";
export { escapeSlack, slackText } from "./slack";
export { RenderTemplate, type TemplateFiles } from "./template-files";
