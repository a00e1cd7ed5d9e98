package net.onionbalance.engine;

import net.onionbalance.doc.consensus.RelayFingerprint;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UploadTrackerTest {
    private static final RelayFingerprint A = RelayFingerprint.parse("A".repeat(40));
    private static final RelayFingerprint B = RelayFingerprint.parse("B".repeat(40));
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    private static UploadTracker tracker() {
        var m = new LinkedHashMap<RelayFingerprint, String>();
        m.put(A, "relayA");
        m.put(B, "relayB");
        return new UploadTracker(m, T0, Duration.ofSeconds(5), Duration.ofMinutes(5));
    }

    @Test
    void countsUploadsPerHsDir() {
        var t = tracker();
        assertEquals(0, t.uploadedCount());
        t.uploaded(A, T0.plusSeconds(1));
        assertEquals(1, t.uploadedCount());
        assertEquals(UploadState.UPLOADED, t.view().get(0).state());
        assertEquals(UploadState.PENDING, t.view().get(1).state());
    }

    @Test
    void failedUploadIsRetriedWithGrowingBackoffThenGivenUp() {
        var t = tracker();
        Instant now = T0;
        Duration previousWait = Duration.ZERO;
        for (int attempt = 1; attempt < UploadTracker.MAX_ATTEMPTS; attempt++) {
            t.failed(B, "UPLOAD_REJECTED", now);
            assertEquals(UploadState.RETRYING, t.view().get(1).state());
            Instant retryAt = t.nextRetry().orElseThrow();
            Duration wait = Duration.between(now, retryAt);
            assertTrue(wait.compareTo(previousWait) > 0 || wait.equals(Duration.ofMinutes(5)), "backoff grows: " + wait);
            previousWait = wait;
            assertEquals(List.of(), t.takeDueRetries(retryAt.minusMillis(1)));
            assertEquals(List.of(B), t.takeDueRetries(retryAt));
            now = retryAt;
        }
        t.failed(B, "UPLOAD_REJECTED", now);
        assertEquals(UploadState.FAILED, t.view().get(1).state());
        assertTrue(t.nextRetry().isEmpty());
    }

    @Test
    void droppedHsDirIsNotRetried() {
        var t = tracker();
        t.dropped(A, "tor no longer knows this HSDir", T0);
        assertEquals(UploadState.FAILED, t.view().get(0).state());
        assertTrue(t.nextRetry().isEmpty());
    }

    @Test
    void anUploadTorNeverAnswersCountsAsFailedAfterTheTimeoutAndALateAnswerIsStillTaken() {
        var t = tracker();
        t.uploaded(B, T0.plusSeconds(1));
        assertEquals(List.of(), t.expireUnanswered(T0.plusSeconds(9), Duration.ofSeconds(10)));
        assertEquals(List.of(A), t.expireUnanswered(T0.plusSeconds(10), Duration.ofSeconds(10)), "only the unanswered one");
        assertEquals(UploadState.RETRYING, t.view().get(0).state());
        assertTrue(t.view().get(0).reason().orElse("").contains("no answer within 10 s"), t.view().get(0).toString());
        assertEquals(UploadState.UPLOADED, t.view().get(1).state());
        assertTrue(t.awaiting(A), "a late UPLOADED for it is attributed");
        t.uploaded(A, T0.plusSeconds(12));
        assertEquals(2, t.uploadedCount());
        assertEquals(List.of(), t.expireUnanswered(T0.plusSeconds(60), Duration.ofSeconds(10)), "answered uploads never expire");
    }
}
