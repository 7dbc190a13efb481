package dev.samos.codec;

import com.esotericsoftware.kryo.io.Output;
import dev.samos.codec.TestValues.MutableBean;
import dev.samos.codec.TestValues.Person;
import dev.samos.codec.TestValues.Point;
import dev.samos.codec.TestValues.WithTreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageCodecSecurityTest {

    private final StorageCodec codec = new StorageCodec();

    /** A Kryo payload whose first (and only) class is given by name, followed by some bytes for its "fields". */
    private static byte[] namingClass(String className) throws IOException {
        Output payload = new Output(256, -1);
        payload.writeVarInt(1, true); // NAME + 2: a class given by name
        payload.writeVarInt(0, true); // its name id
        ValueSerializers.writeString(payload, className);
        payload.writeBytes(new byte[] {0, 0, 0, 0, 1, 2, 3, 4});
        return StorageCodec.frame(payload.toBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java.lang.ProcessBuilder", "java.net.URL", "javax.script.ScriptEngineManager",
            "java.util.Date", "java.lang.Thread", "java.time.DayOfWeek", "sun.misc.Unsafe",
            "com.sun.rowset.JdbcRowSetImpl", "jdk.internal.misc.Unsafe", "java.util.concurrent.ConcurrentHashMap",
            "[Ljava.lang.ProcessBuilder;", "[[Ljava.net.URL;", "[C"})
    void refusesDangerousJdkClassesNamedInTheBytes(String className) throws IOException {
        assertThatThrownBy(() -> codec.decode(namingClass(className)))
                .isInstanceOf(CorruptValueException.class)
                .hasMessage("class " + className + " named in stored bytes is not a value type; refusing to instantiate");
    }

    @Test
    void refusesANonValueClassOfTheApplicationWithoutInitialisingIt() throws IOException {
        String gadget = "dev.samos.codec.Gadget";
        assertThatThrownBy(() -> codec.decode(namingClass(gadget)))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageContaining(gadget).hasMessageContaining("not a value type");
        assertThatThrownBy(() -> codec.decode(namingClass("[L" + gadget + ";")))
                .isInstanceOf(CorruptValueException.class).hasMessageContaining(gadget);
        assertThatThrownBy(() -> codec.decode(namingClass(MutableBean.class.getName())))
                .isInstanceOf(CorruptValueException.class).hasMessageContaining(MutableBean.class.getName());
        assertThat(Gadget.Flag.INITIALIZED).isFalse();
    }

    @Test
    void refusesAnEnumConstantBodyClassNamedDirectly() throws IOException {
        String body = TestValues.Operation.PLUS.getClass().getName();
        assertThatThrownBy(() -> codec.decode(namingClass(body)))
                .isInstanceOf(CorruptValueException.class).hasMessageContaining(body);
    }

    @Test
    void unknownClassNamesAreCorruption() throws IOException {
        assertThatThrownBy(() -> codec.decode(namingClass("com.example.NotOnTheClassPath")))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("com.example.NotOnTheClassPath").hasMessageContaining("not on the class path");
    }

    @Test
    void unregisteredClassIdsAreCorruption() throws IOException {
        Output payload = new Output(16, -1);
        payload.writeVarInt(5000, true);
        assertThatThrownBy(() -> codec.decode(StorageCodec.frame(payload.toBytes())))
                .isInstanceOf(CorruptValueException.class);
    }

    private static byte[] hugeLength(int classId, byte[] then) throws IOException {
        Output payload = new Output(64, -1);
        payload.writeVarInt(classId + 2, true);
        payload.writeVarInt(Integer.MAX_VALUE, true);
        payload.writeBytes(then);
        return StorageCodec.frame(payload.toBytes());
    }

    @ParameterizedTest
    @ValueSource(ints = {ValueKryo.ID_BYTES, ValueKryo.ID_BOOLEANS, ValueKryo.ID_SHORTS, ValueKryo.ID_INTS,
            ValueKryo.ID_LONGS, ValueKryo.ID_FLOATS, ValueKryo.ID_DOUBLES, ValueKryo.ID_OBJECTS, ValueKryo.ID_STRINGS,
            ValueKryo.ID_STRING, ValueKryo.ID_BIG_INTEGER, ValueKryo.ID_LIST, ValueKryo.ID_SET, ValueKryo.ID_MAP})
    void aHostileLengthPrefixFailsWithoutAllocatingIt(int classId) throws IOException {
        byte[] bytes = hugeLength(classId, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        long allocated = allocatedBy(() -> catchCorrupt(bytes));
        assertThat(allocated).isLessThan(8L << 20);
    }

    @Test
    void aHostileLengthBackedByAFewMegabytesOnlyCostsAProportionateAmount() throws IOException {
        // 3 MiB of real (highly compressible) bytes get past the first stage; the 2 GiB claim is never allocated.
        byte[] bytes = hugeLength(ValueKryo.ID_BYTES, new byte[3 << 20]);
        assertThat(bytes.length).isLessThan(100_000);
        long allocated = allocatedBy(() -> catchCorrupt(bytes));
        assertThat(allocated).isLessThan(64L << 20);
    }

    @Test
    void deeplyNestedHostileBytesAreCorruptionNotAStackOverflow() throws IOException {
        Output payload = new Output(1024, -1);
        for (int i = 0; i < 200_000; i++) {
            payload.writeVarInt(ValueKryo.ID_LIST + 2, true);
            payload.writeVarInt(1, true);
        }
        byte[] bytes = StorageCodec.frame(payload.toBytes());
        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(CorruptValueException.class);
    }

    private Object catchCorrupt(byte[] bytes) {
        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(CorruptValueException.class);
        return null;
    }

    static long allocatedBy(Supplier<?> action) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(id);
        action.get();
        return threads.getThreadAllocatedBytes(id) - before;
    }

    // --- writing non-values ---

    @Test
    void writingANonValueNamesItsClass() {
        List<Object> nonValues = List.of(new Thread(), new Date(), new Object(), new MutableBean(), new StringBuilder("x"),
                'c', DayOfWeek.MONDAY, new java.util.ArrayDeque<>(), (Runnable) () -> { }, new java.net.Socket(),
                java.time.Instant.EPOCH, new java.util.concurrent.atomic.AtomicLong());
        for (Object nonValue : nonValues) {
            assertThatThrownBy(() -> codec.encode(nonValue)).as(nonValue.getClass().getName())
                    .isInstanceOf(NotStorableException.class)
                    .hasMessageContaining(nonValue.getClass().getName());
        }
    }

    @Test
    void aNonValueNestedInsideAValueIsFound() {
        assertThatThrownBy(() -> codec.encode(List.of(1, Map.of("when", new Date()))))
                .isInstanceOf(NotStorableException.class).hasMessageContaining("java.util.Date");
        assertThatThrownBy(() -> codec.encode(new Person("x", List.of(), Map.of(), Optional.empty(), Set.of(),
                new Thread()))).isInstanceOf(NotStorableException.class).hasMessageContaining("java.lang.Thread");
        assertThatThrownBy(() -> codec.encode(new Object[] {new MutableBean()}))
                .isInstanceOf(NotStorableException.class).hasMessageContaining(MutableBean.class.getName());
        assertThatThrownBy(() -> codec.encode(new Date[0]))
                .isInstanceOf(NotStorableException.class).hasMessageContaining("java.util.Date");
        assertThatThrownBy(() -> codec.encode(new char[] {'a'}))
                .isInstanceOf(NotStorableException.class).hasMessageContaining("[C");
    }

    @Test
    void aRecordDeclaringACollectionImplementationIsRefusedOnWrite() {
        assertThatThrownBy(() -> codec.encode(new WithTreeMap(new TreeMap<>(Map.of("a", 1)))))
                .isInstanceOf(NotStorableException.class).hasMessageContaining("TreeMap");
    }

    @Test
    void aValueContainingItselfIsRefused() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertThatThrownBy(() -> codec.encode(cyclic)).isInstanceOf(NotStorableException.class);
    }

    @Test
    void theCodecKeepsWorkingAfterRefusingAValue() {
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> codec.encode(new Thread())).isInstanceOf(NotStorableException.class);
        }
        assertThat(codec.decode(codec.encode(new Point(1, 2)))).isEqualTo(new Point(1, 2));
    }
}
