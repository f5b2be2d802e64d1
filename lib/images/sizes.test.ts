import { describe, expect, it } from "vitest";
import { largePhotoSrcSet, sizedPhotoUrl } from "./sizes";

describe("photo sizes in pages", () => {
  it("asks for a stored photo at a width, and leaves any other image as it is", () => {
    expect(sizedPhotoUrl("/images/0b6c5d1e-3f4a-4b5c-8d6e-7f8091a2b3c4?v=0123456789abcdef", 240))
      .toBe("/images/0b6c5d1e-3f4a-4b5c-8d6e-7f8091a2b3c4?v=0123456789abcdef&w=240");
    expect(sizedPhotoUrl("/images/0b6c5d1e-3f4a-4b5c-8d6e-7f8091a2b3c4", 480)).toBe("/images/0b6c5d1e-3f4a-4b5c-8d6e-7f8091a2b3c4?w=480");
    expect(sizedPhotoUrl("/products/classic-tee.svg", 240)).toBe("/products/classic-tee.svg");
  });

  it("offers the large photo at every large width, and no srcset for a drawing", () => {
    expect(largePhotoSrcSet("/images/a?v=1")).toBe("/images/a?v=1&w=480 480w, /images/a?v=1&w=800 800w, /images/a?v=1&w=1200 1200w");
    expect(largePhotoSrcSet("/products/classic-tee.svg")).toBeUndefined();
  });
});
