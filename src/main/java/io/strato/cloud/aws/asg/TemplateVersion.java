package io.strato.cloud.aws.asg;

import io.strato.cloud.ChangeOutcome;

/** The launch template version a group should launch from, and what ensuring it did. */
record TemplateVersion(String templateId, long version, ChangeOutcome outcome) {}
