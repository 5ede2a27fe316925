import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { API_ROUTES } from "../../stacks/Api";
import { env, handoffFunctions, stackName, t } from "./built";

/** The Api stack: the routes, the links domain, CORS and per-route throttles. */
export function apiCases(): void {
  describe("Api", () => {
    it("an HTTP API with the thirty-three routes to functions/api.handler, on the links domain", () => {
      const api = Template.fromJSON(t.template(stackName("Api")));
      api.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
      api.hasResourceProperties("AWS::ApiGatewayV2::Api", { ProtocolType: "HTTP" });
      api.hasResourceProperties("AWS::ApiGatewayV2::DomainName", { DomainName: "go.acme.example" });
      const routes = t.ofType("AWS::ApiGatewayV2::Route");
      // stacks/Api.ts API_ROUTES, which tests/unit/api-keys.test.ts keeps in step with the router.
      expect(API_ROUTES).toHaveLength(33);
      expect(routes.map((r) => r.props.RouteKey).sort()).toEqual([...API_ROUTES].sort());
      for (const route of routes) {
        const integrationId = String(t.resolve(route.stack, route.props.Target)).match(
          /<[^/]+\/([^>]+)>/,
        )?.[1];
        const integration = t.resource(route.stack, integrationId!);
        expect(t.target(route.stack, integration.props.IntegrationUri)?.props.Handler).toBe(
          "functions/api.handler",
        );
      }
    });
  });

  describe("Api: CORS and throttles (security review, finding 9)", () => {
    it("CORS answers exactly the stage's corsOrigins (none by default), with the API's headers", () => {
      const [api] = t.ofType("AWS::ApiGatewayV2::Api");
      const cors = api!.props.CorsConfiguration as Record<string, unknown>;
      expect(cors.AllowOrigins).toEqual(["https://app.acme.example"]);
      expect(cors.AllowHeaders).toEqual(
        expect.arrayContaining(["content-type", "x-api-key", "x-handoff-signature"]),
      );
      expect(cors.AllowHeaders).not.toContain("*");
      expect(cors.AllowCredentials).toBe(false);
    });

    it("the public link routes and each keyed route have their own throttle", () => {
      const [stage] = t.ofType("AWS::ApiGatewayV2::Stage");
      const settings = stage!.props.RouteSettings as Record<
        string,
        { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
      >;
      for (const route of ["GET /u/{token}", "POST /u/{token}", "GET /r/{token}"])
        expect(settings[route]).toEqual({ ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 });
      for (const route of ["POST /events", "POST /enroll", "GET /enrollments/failed"])
        expect(settings[route]).toEqual({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 });
      const fn = handoffFunctions().get("functions/api.handler")!;
      expect((t.resolve(fn.stack, env(fn)) as Record<string, unknown>).HANDOFF_CORS_ORIGINS).toBe(
        '["https://app.acme.example"]',
      );
    });
  });
}
