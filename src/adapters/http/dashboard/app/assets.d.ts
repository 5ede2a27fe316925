/** esbuild bundles imported style sheets into the dashboard's one CSS file (scripts/dashboard-assets.ts). */
declare module "*.css";
