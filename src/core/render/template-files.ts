/** One template's files: the HTML part (from .mjml or .html) and the optional plain-text part. */
export interface TemplateFiles {
  id: string;
  html?: { file: string; format: "mjml" | "html"; text: string };
  text?: { file: string; text: string };
}
