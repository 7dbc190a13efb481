package dev.samos.portalservice.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Times every S3 call as {@code samos.portal.s3} by operation and outcome: the latency the store and log see. */
final class S3Timing implements ExecutionInterceptor {

    private static final ExecutionAttribute<Timer.Sample> STARTED = new ExecutionAttribute<>("samos-s3-started");

    private final MeterRegistry meters;

    S3Timing(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, Timer.start(meters));
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        stop(attributes, "ok");
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        stop(attributes, "error");
    }

    private void stop(ExecutionAttributes attributes, String outcome) {
        Timer.Sample sample = attributes.getAttribute(STARTED);
        if (sample != null) {
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            sample.stop(meters.timer("samos.portal.s3", "operation", operation == null ? "unknown" : operation,
                    "outcome", outcome));
        }
    }
}
