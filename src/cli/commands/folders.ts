export interface FolderOptions {
  workflows?: string;
  templates?: string;
}

/** The workflows and templates folders every command reads (default ./workflows, ./templates). */
export function folders(options: FolderOptions): { workflowsDir: string; templatesDir: string } {
  return { workflowsDir: options.workflows ?? "workflows", templatesDir: options.templates ?? "templates" };
}
