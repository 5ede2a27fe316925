import fc from "fast-check";
import { JSONPath } from "jsonpath-plus";
import { describe, expect, it } from "vitest";
import { UnsupportedDefinitionError } from "../../src/runtime/asl/errors";
import { compilePath, compileResultPath, compileTemplate } from "../../src/runtime/asl/paths";

// The fast executor's paths read what aws-local-stepfunctions' jsonpath-plus reads (src/runtime/asl/paths.ts).

/** jsonpath-plus as aws-local-stepfunctions calls it: one value, undefined when nothing matches. */
const reference = (path: string, json: unknown) => JSONPath({ path, json: json as object, wrap: false });

const key = fc.constantFrom("a", "b", "seconds", "length", "0", "1", "constructor", "toString", "__proto__");
const document = fc
  .jsonValue({ maxDepth: 3 })
  .chain((leaf) =>
    fc.dictionary(
      key,
      fc.oneof(fc.constant(leaf), fc.dictionary(key, fc.jsonValue({ maxDepth: 2 })), fc.string()),
    ),
  );

describe("compiled paths", () => {
  it("read what jsonpath-plus reads, and fail with States.Runtime where it finds nothing", () => {
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 3 }), document, (keys, json) => {
        const path = `$.${keys.join(".")}`;
        const expected = reference(path, json);
        const read = () => compilePath(path, "test")(json, {});
        if (expected === undefined)
          expect(read).toThrow(`Path expression '${path}' does not point to a value`);
        else expect(read()).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads the context object with $$", () => {
    const context = { Task: { Token: "t" }, Execution: { Name: "exec-1" } };
    expect(compilePath("$$.Execution.Name", "test")({}, context)).toBe("exec-1");
    expect(compilePath("$$.Task.Token", "test")({}, context)).toBe("t");
  });

  it("refuses paths outside the subset", () => {
    for (const path of ["$.a[0]", "$..a", "$.a.*", "$['a']", "a.b", "$.a-b"])
      expect(() => compilePath(path, "test"), path).toThrow(UnsupportedDefinitionError);
  });
});

describe("compiled templates", () => {
  it("build a fresh object with the .$ members read and the others kept", () => {
    const template = compileTemplate(
      { FunctionName: "f", Payload: { "id.$": "$.a", step: { n: 1 }, list: [{ "x.$": "$$.Task.Token" }] } },
      "test",
    );
    const first = template({ a: "one" }, { Task: { Token: "t" } }) as { Payload: { step: unknown } };
    const second = template({ a: "one" }, { Task: { Token: "t" } }) as { Payload: { step: unknown } };
    expect(first).toEqual({ FunctionName: "f", Payload: { id: "one", step: { n: 1 }, list: [{ x: "t" }] } });
    expect(first.Payload.step).not.toBe(second.Payload.step);
  });

  it("refuses intrinsic functions and odd .$ keys", () => {
    expect(() => compileTemplate({ "a.$": "States.Format('{}', $.a)" }, "test")).toThrow(
      UnsupportedDefinitionError,
    );
    expect(() => compileTemplate({ "a.$": 1 }, "test")).toThrow(UnsupportedDefinitionError);
    expect(() => compileTemplate({ "a.$b": "$.a" }, "test")).toThrow(UnsupportedDefinitionError);
  });
});

describe("compiled result paths", () => {
  it("keep the input (null), replace it (absent), or set one member on a copy", () => {
    const input = { a: 1, Payload: { old: true } };
    expect(compileResultPath(null, "test")(input, { r: 1 })).toBe(input);
    expect(compileResultPath(undefined, "test")(input, { r: 1 })).toEqual({ r: 1 });
    const set = compileResultPath("$.Payload.inner", "test")(input, { r: 1 });
    expect(set).toEqual({ a: 1, Payload: { old: true, inner: { r: 1 } } });
    expect(input).toEqual({ a: 1, Payload: { old: true } });
  });

  it("fail with States.ResultPathMatchFailure when the input is not an object", () => {
    expect(() => compileResultPath("$.Payload", "test")("text", 1)).toThrow("States.ResultPathMatchFailure");
  });
});
