package dev.samos.autonomy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samos.autonomy.JdkSafeSet.Access;
import org.junit.jupiter.api.Test;

class JdkSafeSetTest {

    @Test
    void theMostSpecificRowWins() {
        assertThat(JdkSafeSet.find("java.lang.String", null).access()).isEqualTo(Access.ALLOW);
        assertThat(JdkSafeSet.find("java.lang.System", "exit(I)V").access()).isEqualTo(Access.DENY);
        assertThat(JdkSafeSet.find("java.lang.System", "arraycopy(Ljava/lang/Object;ILjava/lang/Object;II)V")
                .access()).isEqualTo(Access.ALLOW);
        assertThat(JdkSafeSet.find("java.lang.System", "out:Ljava/io/PrintStream;").access()).isEqualTo(Access.ALLOW);
        assertThat(JdkSafeSet.find("java.lang.System", "in:Ljava/io/InputStream;").access()).isEqualTo(Access.DENY);
        assertThat(JdkSafeSet.find("java.lang.System$Logger", null).access()).isEqualTo(Access.DENY);
        assertThat(JdkSafeSet.find("java.util.logging.Logger", null).access()).isEqualTo(Access.DENY);
        assertThat(JdkSafeSet.find("java.util.ArrayList", null).access()).isEqualTo(Access.ALLOW);
        assertThat(JdkSafeSet.find("java.io.ByteArrayOutputStream", null).access()).isEqualTo(Access.ALLOW);
        assertThat(JdkSafeSet.find("java.io.FileDescriptor", null).access()).isEqualTo(Access.DENY);
        assertThat(JdkSafeSet.find("sun.misc.Unsafe", null).why()).isEqualTo(JdkSafeSet.UNSAFE);
        assertThat(JdkSafeSet.find("org.example.Anything", null)).isNull();
    }

    @Test
    void classRowsCoverNestedClassesButNotNamesThatMerelyStartAlike() {
        assertThat(JdkSafeSet.find("java.lang.Process", null).access()).isEqualTo(Access.DENY);
        assertThat(JdkSafeSet.find("java.lang.ProcessBuilder$Redirect", null).access()).isEqualTo(Access.DENY);
        assertThat(JdkSafeSet.find("java.lang.Thread$State", null).access()).isEqualTo(Access.TYPE_ONLY);
        assertThat(JdkSafeSet.find("java.util.concurrent.ExecutionException", null).access()).isEqualTo(Access.ALLOW);
    }

    @Test
    void memberRowsMatchWholeNamesAndDescriptorPrefixes() {
        assertThat(JdkSafeSet.find("java.lang.Thread", "sleep(J)V").access()).isEqualTo(Access.ALLOW);
        assertThat(JdkSafeSet.find("java.lang.Thread", "start()V").access()).isEqualTo(Access.TYPE_ONLY);
        assertThat(JdkSafeSet.find("java.util.Random", "<init>()V").access()).isEqualTo(Access.DENY);
        assertThat(JdkSafeSet.find("java.util.Random", "<init>(J)V").access()).isEqualTo(Access.ALLOW);
        assertThat(JdkSafeSet.find("java.time.Duration", "ofSeconds(J)Ljava/time/Duration;").access())
                .isEqualTo(Access.ALLOW);
        assertThat(JdkSafeSet.find("java.time.Instant", "now()Ljava/time/Instant;").access()).isEqualTo(Access.DENY);
        assertThat(JdkSafeSet.find("java.time.Instant", "nowish()V").access()).isEqualTo(Access.ALLOW);
    }
}
