package dev.samos.executor.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samos.execution.ExecutionAddress;
import dev.samos.portal.TaskRun;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerProtocolTest {

    static final ExecutionAddress A = ExecutionAddress.parse("call_Square:" + "ab".repeat(32));
    static final ExecutionAddress B = ExecutionAddress.parse("call_Cube:" + "cd".repeat(32));

    @Test
    void aBatchRequestKeepsItsOrder() {
        String line = WorkerProtocol.run(7, 5, List.of(B, A));
        assertThat(WorkerProtocol.request(line)).isEqualTo(new WorkerProtocol.Run(7, 5, List.of(B, A)));
        assertThat(WorkerProtocol.request(WorkerProtocol.sweep(8, 64, 5, 1_500)))
                .isEqualTo(new WorkerProtocol.Sweep(8, 64, 5, 1_500));
        assertThat(WorkerProtocol.request(WorkerProtocol.DRAIN)).isEqualTo(new WorkerProtocol.Drain());
    }

    @Test
    void everyKindOfRunSurvivesTheLineWithTextsThatLookLikeTheProtocol() {
        String awkward = "a, b | c\nsamos-ran 1 %20 ü";
        List<TaskRun> runs = List.of(
                new TaskRun.Succeeded(A, 12),
                new TaskRun.Skipped(B, awkward),
                new TaskRun.Retrying(A, 1_700_000_000_000L, awkward),
                new TaskRun.Declined(B, List.of("gpu(4): 0 GPUs here", awkward)),
                new TaskRun.Failed(A, awkward, List.of()),
                new TaskRun.Released(B),
                new TaskRun.Failed(B, "", List.of("unusedRam(64.0 GB): 1.0 GB free")));
        String line = WorkerProtocol.ran(42, runs);
        assertThat(line).doesNotContain("\n").startsWith(WorkerProtocol.RAN + " 42 ");
        assertThat(WorkerProtocol.runs(line.split(" "))).isEqualTo(runs);
    }

    @Test
    void anEmptyBatchAnswersNoRuns() {
        assertThat(WorkerProtocol.runs(WorkerProtocol.ran(3, List.of()).split(" "))).isEmpty();
    }

    @Test
    void somethingElseIsNotARequest() {
        assertThatThrownBy(() -> WorkerProtocol.request("rm -rf /")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a request");
    }
}
