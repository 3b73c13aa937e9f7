package io.strato.provisioning.cluster.eks;

import static org.assertj.core.api.Assertions.assertThat;

import io.strato.cloud.aws.cluster.eks.EksScenario;
import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.cloud.cluster.ClusterSpecDto.EksDto;
import io.strato.provisioning.validation.FieldError;
import io.strato.provisioning.validation.Validation;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EksVersionSupportTest {

  private static final Clock DEC_2026 =
      Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);

  private static List<FieldError> check(String version, Boolean extended) {
    ClusterSpecDto spec =
        EksScenario.withEks(
            EksScenario.withVersion(EksScenario.spec(), version),
            new EksDto(EksScenario.ROLE, null, null, null, extended, null));
    Validation v = new Validation();
    new EksVersionSupport(DEC_2026).check(spec, v);
    return v.errors();
  }

  @Test
  void theCalendarOnOneDay() {
    LocalDate day = LocalDate.of(2026, 12, 4);
    assertThat(EksVersions.inStandardSupport(day)).containsExactly("1.35");
    assertThat(EksVersions.inExtendedSupport(day)).containsExactly("1.32", "1.33", "1.34");
    assertThat(EksVersions.support("1.31", day)).isEqualTo(EksVersions.Support.ENDED);
    // The last day of standard support is still standard; the end date itself is not.
    assertThat(EksVersions.support("1.34", LocalDate.of(2026, 12, 1)))
        .isEqualTo(EksVersions.Support.STANDARD);
    assertThat(EksVersions.support("1.34", LocalDate.of(2026, 12, 2)))
        .isEqualTo(EksVersions.Support.EXTENDED);
  }

  @Test
  void standardIsAcceptedExtendedOnlyWhenTheSpecSaysSoEndedNever() {
    assertThat(check("1.35", null)).isEmpty();
    assertThat(check("1.33", null))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("spec.version");
              assertThat(e.message()).contains("extendedSupport", "2027-07-29", "[1.35]");
            });
    assertThat(check("1.33", false)).hasSize(1);
    assertThat(check("1.33", true)).isEmpty();
    assertThat(check("1.31", true))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("ended on 2026-11-26"));
  }
}
