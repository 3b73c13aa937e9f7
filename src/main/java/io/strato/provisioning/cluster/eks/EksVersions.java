package io.strato.provisioning.cluster.eks;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The EKS release calendar, in one place. A minor version has 14 months of standard support from
 * its EKS release, then 12 months of extended support, which AWS bills per cluster hour; after that
 * EKS upgrades the cluster by itself. Strato creates clusters on standard-support versions only,
 * unless the spec accepts extended support. Dates from the EKS user guide ("Understand the
 * Kubernetes version lifecycle on EKS"); add each new version here when EKS releases it.
 */
public final class EksVersions {

  public enum Support {
    STANDARD,
    EXTENDED,
    ENDED,
    /** Not an EKS version Strato knows. */
    UNKNOWN
  }

  public record Window(
      String version, LocalDate released, LocalDate endOfStandard, LocalDate endOfExtended) {}

  static final List<Window> CALENDAR =
      List.of(
          window("1.29", "2024-01-23", "2025-03-23", "2026-03-23"),
          window("1.30", "2024-05-23", "2025-07-23", "2026-07-23"),
          window("1.31", "2024-09-26", "2025-11-26", "2026-11-26"),
          window("1.32", "2025-01-23", "2026-03-23", "2027-03-23"),
          window("1.33", "2025-05-29", "2026-07-29", "2027-07-29"),
          window("1.34", "2025-10-02", "2026-12-02", "2027-12-02"),
          window("1.35", "2026-01-27", "2027-03-27", "2028-03-27"));

  private EksVersions() {}

  public static Optional<Window> window(String version) {
    return CALENDAR.stream().filter(w -> w.version().equals(version)).findFirst();
  }

  /** Support starts on the release day and ends at the start of the end day. */
  public static Support support(String version, LocalDate today) {
    Optional<Window> w = window(version);
    if (w.isEmpty()) {
      return Support.UNKNOWN;
    }
    if (today.isBefore(w.get().released())) {
      return Support.UNKNOWN;
    }
    if (today.isBefore(w.get().endOfStandard())) {
      return Support.STANDARD;
    }
    return today.isBefore(w.get().endOfExtended()) ? Support.EXTENDED : Support.ENDED;
  }

  public static List<String> inStandardSupport(LocalDate today) {
    return CALENDAR.stream()
        .map(Window::version)
        .filter(v -> support(v, today) == Support.STANDARD)
        .toList();
  }

  public static List<String> inExtendedSupport(LocalDate today) {
    return CALENDAR.stream()
        .map(Window::version)
        .filter(v -> support(v, today) == Support.EXTENDED)
        .toList();
  }

  private static Window window(String version, String released, String standard, String extended) {
    return new Window(
        version, LocalDate.parse(released), LocalDate.parse(standard), LocalDate.parse(extended));
  }
}
