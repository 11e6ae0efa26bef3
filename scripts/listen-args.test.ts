import { describe, expect, it } from "vitest";
import { listenArgs } from "./listen-args";

describe("listenArgs", () => {
  it("passes PORT always and HOSTNAME only when set", () => {
    expect(listenArgs({ PORT: 3000, HOSTNAME: undefined })).toEqual(["--port", "3000"]);
    expect(listenArgs({ PORT: 8080, HOSTNAME: "0.0.0.0" })).toEqual(["--port", "8080", "--hostname", "0.0.0.0"]);
  });
});
