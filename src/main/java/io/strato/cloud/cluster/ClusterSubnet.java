package io.strato.cloud.cluster;

/** A subnet the cluster runs in, with its zone as the cloud reports it. */
public record ClusterSubnet(String id, String zone) {}
