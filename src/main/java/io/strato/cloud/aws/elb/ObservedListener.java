package io.strato.cloud.aws.elb;

/**
 * A listener as AWS describes it, reduced to what Strato manages.
 *
 * @param targetGroupArn the target group its default forward action points at, or null
 */
record ObservedListener(
    String arn,
    int port,
    String protocol,
    String targetGroupArn,
    String certificateArn,
    String sslPolicy) {}
