package io.strato.provisioning.cluster.eks;

import io.strato.cloud.cluster.ClusterSpecDto;
import io.strato.provisioning.validation.AdmissionCheck;
import io.strato.provisioning.validation.Validation;
import java.time.Clock;
import java.time.LocalDate;

/**
 * An EKS cluster runs a version in standard support, or one in extended support when the spec says
 * so: extended support costs money per cluster hour, so nobody should drift into it by default.
 * Checked against today's date on every change of the spec.
 */
public final class EksVersionSupport implements AdmissionCheck<ClusterSpecDto> {

  private final Clock clock;

  public EksVersionSupport(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void check(ClusterSpecDto spec, Validation v) {
    if (!"eks".equals(spec.type()) || spec.version() == null) {
      return;
    }
    LocalDate today = LocalDate.now(clock);
    String version = spec.version();
    String choose = "; versions in standard support: " + EksVersions.inStandardSupport(today);
    var window = EksVersions.window(version);
    switch (EksVersions.support(version, today)) {
      case STANDARD -> {}
      case EXTENDED ->
          v.check(
              spec.eks() != null && Boolean.TRUE.equals(spec.eks().extendedSupport()),
              "spec.version",
              "EKS "
                  + version
                  + " left standard support on "
                  + window.orElseThrow().endOfStandard()
                  + " and is in extended support, billed per cluster hour, until "
                  + window.orElseThrow().endOfExtended()
                  + "; set spec.eks.extendedSupport to true to accept that"
                  + choose);
      case ENDED ->
          v.fail(
              "spec.version",
              "EKS support for "
                  + version
                  + " ended on "
                  + window.orElseThrow().endOfExtended()
                  + choose);
      case UNKNOWN -> v.fail("spec.version", "EKS does not offer " + version + choose);
    }
  }
}
