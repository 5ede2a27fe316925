import { ACCOUNT } from "./offline-aws";

// Reading synthesized CloudFormation: resources by type, and intrinsic functions resolved to plain
// strings (pseudo parameters to the offline account, references to readable markers, imports to
// what the exporting stack exports), so tests can compare ARNs and policies as text.

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

export interface Located {
  stack: string;
  id: string;
  resource: CfnResource;
  props: Record<string, unknown>;
}

export const REGION = "us-east-1";

const PSEUDO: Record<string, string> = {
  "AWS::Partition": "aws",
  "AWS::Region": REGION,
  "AWS::AccountId": ACCOUNT,
  "AWS::URLSuffix": "amazonaws.com",
  "AWS::StackName": "stack",
  "AWS::NoValue": "",
};

export class Templates {
  readonly byStack: Map<string, CfnTemplate>;

  constructor(templates: Map<string, Record<string, unknown>>) {
    this.byStack = new Map([...templates].map(([name, t]) => [name, t as unknown as CfnTemplate]));
  }

  template(stack: string): CfnTemplate {
    const found = this.byStack.get(stack);
    if (!found) throw new Error(`no template for stack ${stack}: ${[...this.byStack.keys()].join(", ")}`);
    return found;
  }

  /** Every resource of a type, in every stack. */
  ofType(type: string): Located[] {
    const out: Located[] = [];
    for (const [stack, template] of this.byStack) {
      for (const [id, resource] of Object.entries(template.Resources)) {
        if (resource.Type === type) out.push({ stack, id, resource, props: resource.Properties ?? {} });
      }
    }
    return out;
  }

  resource(stack: string, id: string): Located {
    const resource = this.template(stack).Resources[id];
    if (!resource) throw new Error(`no resource ${id} in ${stack}`);
    return { stack, id, resource, props: resource.Properties ?? {} };
  }

  /** The resource a `{ "Fn::GetAtt": [id, …] }` or `{ Ref: id }` (or an import of one) points at. */
  target(stack: string, value: unknown): Located | undefined {
    const v = value as Record<string, unknown>;
    if (v && typeof v === "object") {
      if (Array.isArray(v["Fn::GetAtt"])) return this.resource(stack, String(v["Fn::GetAtt"][0]));
      if (typeof v.Ref === "string" && !v.Ref.startsWith("AWS::")) return this.resource(stack, v.Ref);
      if (v["Fn::ImportValue"] !== undefined) {
        const exported = this.exported(String(v["Fn::ImportValue"]));
        return this.target(exported.stack, exported.value);
      }
    }
    return undefined;
  }

  private exported(name: string): { stack: string; value: unknown } {
    for (const [stack, template] of this.byStack) {
      for (const output of Object.values(template.Outputs ?? {})) {
        if (output.Export && output.Export.Name === name) return { stack, value: output.Value };
      }
    }
    throw new Error(`no stack exports ${name}`);
  }

  /**
   * The value with intrinsics resolved: pseudo parameters to the offline account, `Ref`/`GetAtt`
   * of a resource to `<stack/id>` / `<stack/id.Attr>`, imports through the exporting stack.
   */
  resolve(stack: string, value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(stack, v));
    if (!value || typeof value !== "object") return value;
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === "string") return PSEUDO[v.Ref] ?? `<${stack}/${v.Ref}>`;
    if (Array.isArray(v["Fn::GetAtt"])) return `<${stack}/${v["Fn::GetAtt"].join(".")}>`;
    if (Array.isArray(v["Fn::Join"])) {
      const [separator, parts] = v["Fn::Join"] as [string, unknown[]];
      return parts.map((p) => this.resolve(stack, p)).join(separator);
    }
    if (v["Fn::ImportValue"] !== undefined) {
      const exported = this.exported(String(this.resolve(stack, v["Fn::ImportValue"])));
      return this.resolve(exported.stack, exported.value);
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.resolve(stack, x)]));
  }

  /** Every IAM policy statement, inline in roles or in policies, with where it came from. */
  statements(): Array<{ stack: string; id: string; statement: PolicyStatement }> {
    const out: Array<{ stack: string; id: string; statement: PolicyStatement }> = [];
    const add = (stack: string, id: string, document: unknown) => {
      const statements = (document as { Statement?: unknown }).Statement;
      for (const s of Array.isArray(statements) ? statements : [statements]) {
        if (s) out.push({ stack, id, statement: this.resolve(stack, s) as PolicyStatement });
      }
    };
    for (const { stack, id, props } of this.ofType("AWS::IAM::Policy")) add(stack, id, props.PolicyDocument);
    for (const { stack, id, props } of this.ofType("AWS::IAM::ManagedPolicy"))
      add(stack, id, props.PolicyDocument);
    for (const { stack, id, props } of this.ofType("AWS::IAM::Role")) {
      for (const policy of (props.Policies as Array<{ PolicyDocument: unknown }> | undefined) ?? [])
        add(stack, id, policy.PolicyDocument);
    }
    return out;
  }
}

export interface PolicyStatement {
  Effect: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
  Principal?: unknown;
}

export const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
