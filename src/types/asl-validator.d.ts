declare module "asl-validator" {
  interface ValidationResult {
    isValid: boolean;
    errors: Array<{ message?: string; [key: string]: unknown }>;
    errorsText(separator?: string): string;
  }
  function validator(
    definition: unknown,
    options?: { checkPaths?: boolean; checkArn?: boolean },
  ): ValidationResult;
  export default validator;
}
