package io.strato.cloud.aws.secrets;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The resource policy of a secret that only some roles may read. Two statements: an Allow, so the
 * readers need no identity policy of their own (same account), and a Deny for every other
 * principal, so that even an identity policy granting {@code secretsmanager:*} on {@code *} (an
 * administrator, a CI role, Strato itself) cannot read the value. Strato never reads a value it
 * wrote, so it denies itself too. Pure: the same readers give the same text, so a change shows as a
 * different text.
 */
public final class ReadersOnlyPolicy {

  private ReadersOnlyPolicy() {}

  /**
   * @param readerRoleArns the roles allowed {@code GetSecretValue}; at least one
   */
  public static String of(List<String> readerRoleArns) {
    SortedSet<String> readers = new TreeSet<>(readerRoleArns);
    if (readers.isEmpty()) {
      throw new IllegalArgumentException("a secret needs at least one reader");
    }
    String principals =
        readers.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(",", "[", "]"));
    return """
        {"Version":"2012-10-17","Statement":[\
        {"Sid":"NodesRead","Effect":"Allow","Principal":{"AWS":%s},\
        "Action":"secretsmanager:GetSecretValue","Resource":"*"},\
        {"Sid":"NoOneElseReads","Effect":"Deny","Principal":"*",\
        "Action":"secretsmanager:GetSecretValue","Resource":"*",\
        "Condition":{"StringNotEquals":{"aws:PrincipalArn":%s}}}]}"""
        .formatted(principals, principals);
  }
}
