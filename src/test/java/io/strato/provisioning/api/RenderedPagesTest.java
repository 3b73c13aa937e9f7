package io.strato.provisioning.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.provisioning.store.ResourceStamp;
import io.strato.provisioning.store.StampPage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pages kept whole are served only for exactly their stamps and token, within a bounded memory. */
class RenderedPagesTest {

  private final RenderedPages pages = new RenderedPages();
  private final RenderedPages.Query first = new RenderedPages.Query(null, 50, null);

  private static StampPage stamps(long version, String token) {
    return new StampPage(
        List.of(new ResourceStamp("a", "uid-a", 1), new ResourceStamp("b", "uid-b", version)),
        token);
  }

  private static RenderedPages.Page page(StampPage stamps, int bytes) {
    return new RenderedPages.Page(stamps, List.of(), new byte[bytes]);
  }

  @Test
  void aKeptPageIsServedForItsStampsAndTokenOnly() {
    RenderedPages.Page kept = page(stamps(3, null), 100);
    pages.keep(first, kept);
    assertThat(pages.find(first, stamps(3, null))).isSameAs(kept);
    assertThat(pages.find(first, stamps(4, null))).as("an item written since").isNull();
    assertThat(pages.find(first, stamps(3, "v1/next"))).as("an item added after").isNull();
    assertThat(
            pages.find(
                first,
                new StampPage(
                    List.of(
                        new ResourceStamp("a", "uid-a", 1), new ResourceStamp("b", "uid-new", 3)),
                    null)))
        .as("deleted and created again")
        .isNull();
    assertThat(pages.find(new RenderedPages.Query("tier=web", 50, null), stamps(3, null))).isNull();
  }

  @Test
  void theMemoryIsBoundedAndAPageTooLargeIsNotKept() {
    int quarter = (int) (RenderedPages.MAX_BYTES / 4);
    pages.keep(first, page(stamps(1, null), quarter + 1));
    assertThat(pages.size()).isZero();
    for (int limit = 1; limit <= 40; limit++) {
      pages.keep(new RenderedPages.Query(null, limit, null), page(stamps(1, null), quarter));
      assertThat((long) pages.size() * quarter).isLessThanOrEqualTo(RenderedPages.MAX_BYTES);
    }
    assertThat(pages.size()).isPositive();
  }
}
