package dev.samos.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The internal APIs' compact codec: round trips by position, and hostile or foreign bytes refused by name. */
class WireCodecTest {

    enum Colour { RED, GREEN }

    sealed interface Shape permits Circle, Square {
    }

    record Circle(long radius, Colour colour) implements Shape {
    }

    record Square(int side, boolean filled, double weight) implements Shape {
    }

    /** The root: components of every kind the wire carries. */
    record Drawing(String name, List<Shape> shapes, Map<String, Long> tally, byte[] thumbnail, Circle favourite) {
        Drawing {
            Objects.requireNonNull(name, "name");
        }
    }

    record Other(String name) {
    }

    private final WireCodec codec = new WireCodec(Drawing.class);

    private Drawing drawing() {
        Map<String, Long> tally = new LinkedHashMap<>();
        tally.put("circles", 2L);
        tally.put("squares", -1L);
        return new Drawing("d", List.of(new Circle(Long.MIN_VALUE, Colour.GREEN), new Square(-7, true, 2.5),
                new Circle(3, Colour.RED)), tally, new byte[] {1, 2, 3}, null);
    }

    @Test
    void findsTheRecordsAndEnumsReachableFromItsRoots() {
        assertThat(codec.types()).containsExactlyInAnyOrder(Drawing.class, Shape.class.getPermittedSubclasses()[0],
                Shape.class.getPermittedSubclasses()[1], Colour.class);
    }

    @Test
    void roundTripsByPositionWithNullsSealedCasesAndCollections() {
        Drawing back = (Drawing) codec.decode(codec.encode(drawing()));
        assertThat(back).usingRecursiveComparison().isEqualTo(drawing());
        assertThat(back.shapes().get(1)).isInstanceOf(Square.class);
        assertThat(codec.decode(codec.encode(null))).isNull();
        assertThat(codec.decode(codec.encode(List.of(7L, "x")))).isEqualTo(List.of(7L, "x"));
    }

    @Test
    void namesNoTypeOrComponentInItsBytes() {
        String bytes = new String(codec.encode(drawing()), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(bytes).doesNotContain("Circle", "radius", "Colour", "GREEN", "shapes");
    }

    @Test
    void refusesBytesOfACodecWithOtherTypes() {
        byte[] foreign = new WireCodec(Drawing.class, Other.class).encode(drawing());
        assertThatThrownBy(() -> codec.decode(foreign)).isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("other wire records").hasMessageContaining("same Samos version");
    }

    @Test
    void refusesGarbageTruncationAndTrailingBytesWithTheirCause() {
        byte[] good = codec.encode(drawing());
        assertThatThrownBy(() -> codec.decode(new byte[0])).isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("no bytes");
        assertThatThrownBy(() -> codec.decode("not the wire".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(CorruptValueException.class).hasMessageContaining("not a Samos wire body");
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(good, 6))).isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("header is incomplete");
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(good, good.length - 2)))
                .isInstanceOf(CorruptValueException.class).hasMessageContaining("truncated");
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        assertThatThrownBy(() -> codec.decode(longer)).isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("3 bytes follow");
    }

    @Test
    void refusesAComponentOfTheWrongTypeAndWhatTheConstructorRejects() {
        // A Drawing whose name is a Long: the component's declared type is checked before the constructor runs.
        WireCodec lax = new WireCodec(Drawing.class);
        byte[] good = lax.encode(new Drawing("n", List.of(), Map.of(), null, null));
        byte[] header = Arrays.copyOf(good, 12);
        com.esotericsoftware.kryo.io.Output body = new com.esotericsoftware.kryo.io.Output(64, -1);
        body.writeBytes(header);
        body.writeBytes(Arrays.copyOfRange(good, 12, 13)); // the Drawing's registration
        body.writeVarInt(7 + 2, true); // Kryo's id for long (7), as written by writeClass
        body.writeVarLong(5, true);
        assertThatThrownBy(() -> codec.decode(body.toBytes())).isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("Drawing.name").hasMessageContaining("java.lang.Long");

        // A null name: the record's own check speaks. The name "n" is written as the body of codec.encode("n").
        int nameBytes = codec.encode("n").length - 12;
        com.esotericsoftware.kryo.io.Output nameless = new com.esotericsoftware.kryo.io.Output(64, -1);
        nameless.writeBytes(Arrays.copyOf(good, 13)); // header and the Drawing's registration
        nameless.writeByte(0); // Kryo's null where the name was
        nameless.writeBytes(Arrays.copyOfRange(good, 13 + nameBytes, good.length));
        assertThat(codec.decode(good)).isInstanceOf(Drawing.class);
        assertThatThrownBy(() -> codec.decode(nameless.toBytes())).isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("rejects its components").hasMessageContaining("name");
    }

    @Test
    void refusesAnEnumConstantThatDoesNotExist() {
        byte[] good = codec.encode(Colour.GREEN);
        byte[] bad = good.clone();
        bad[bad.length - 1] = 9; // the ordinal
        assertThatThrownBy(() -> codec.decode(bad)).isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("no constant number 9");
    }

    @Test
    void carriesOtherRecordsSelfDescribedAsTheValueModelDoesAndRefusesWhatIsNoValue() {
        byte[] other = codec.encode(List.of(new Other("x")));
        assertThat(new String(other, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("Other", "name");
        assertThat(codec.decode(other)).isEqualTo(List.of(new Other("x")));
        assertThatThrownBy(() -> codec.encode(new java.util.Date())).isInstanceOf(NotStorableException.class)
                .hasMessageContaining("java.util.Date");
    }

    @Test
    void aDeeplyNestedHostileBodyIsRefusedNotAStackOverflow() {
        com.esotericsoftware.kryo.io.Output body = new com.esotericsoftware.kryo.io.Output(1 << 20, -1);
        byte[] header = Arrays.copyOf(codec.encode(null), 12);
        body.writeBytes(header);
        byte[] list = Arrays.copyOfRange(codec.encode(List.of()), 12, 13);
        for (int i = 0; i < 200_000; i++) {
            body.writeBytes(list); // a list …
            body.writeVarInt(1, true); // … of one element, which is a list …
        }
        assertThatThrownBy(() -> codec.decode(body.toBytes())).isInstanceOf(CorruptValueException.class);
    }
}
