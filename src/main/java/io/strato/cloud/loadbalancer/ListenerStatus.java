package io.strato.cloud.loadbalancer;

public record ListenerStatus(
    int port, String protocol, String listenerArn, String targetGroupArn, String targetGroupName) {}
