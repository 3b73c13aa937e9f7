package io.strato.provisioning.api;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Builds the success answers, each with the resource's version as its ETag. */
final class Responses {

  private Responses() {}

  static Response applied(ResourceService.Applied<?, ?> applied) {
    ResourceView<?, ?> r = applied.resource();
    Response.ResponseBuilder b =
        applied.created() ? Response.created(URI.create(r.metadata().name())) : Response.ok();
    return b.entity(r).tag(etag(r)).build();
  }

  static Response ok(ResourceView<?, ?> r) {
    return Response.ok(r).tag(etag(r)).build();
  }

  static Response ok(RenderedView r) {
    return Response.ok(r).tag(new EntityTag(r.resourceVersion())).build();
  }

  static Response accepted(ResourceView<?, ?> r) {
    return Response.accepted(r).tag(etag(r)).build();
  }

  static EntityTag etag(ResourceView<?, ?> r) {
    return new EntityTag(r.metadata().resourceVersion());
  }
}
