import { imageResponse } from "@/lib/images/serve";

/** Product photos, public: by id, for every app instance (they live in the database). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return imageResponse((await params).id, new URL(request.url).searchParams, request.headers.get("if-none-match"));
}
