package dev.samos.collection;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/** The other JVM of {@link DiskProcessTest}: each mode opens a collection as a separate process would. */
public final class DiskChild {

    private DiskChild() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[1]);
        switch (args[0]) {
            case "verify-map" -> verifyMap(folder, Integer.parseInt(args[2]));
            case "hold" -> hold(folder);
            case "flush-then-write" -> flushThenWrite(folder, Integer.parseInt(args[2]));
            case "fill" -> fill(folder, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "read-back" -> readBack(folder, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "fill-small" -> fillSmall(folder, Integer.parseInt(args[2]));
            case "read-small" -> readSmall(folder, Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Reads what the parent wrote, and writes one entry for the parent to find. */
    private static void verifyMap(Path folder, int n) {
        try (DiskMap<Object, Object> map = DiskMap.open(folder)) {
            for (int i = 0; i < n; i++) {
                if (!("v" + i).equals(map.get(i))) {
                    throw new AssertionError("key " + i + " holds " + map.get(i));
                }
            }
            map.put("from child", java.util.List.of("yes", 1));
            System.out.println("OK " + map.size());
        }
    }

    /** Keeps the folder open until the parent closes our stdin. */
    private static void hold(Path folder) throws Exception {
        try (DiskMap<Object, Object> map = DiskMap.open(folder)) {
            map.put("held", true);
            System.out.println("OPEN");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in)).readLine();
        }
    }

    /** Writes and flushes n entries and n elements, says so, then writes on without flushing until killed. */
    private static void flushThenWrite(Path folder, int n) {
        DiskMap<Object, Object> map = DiskMap.open(folder.resolve("map"));
        DiskList<Object> list = DiskList.open(folder.resolve("list"));
        for (int i = 0; i < n; i++) {
            map.set(i, "v" + i);
            list.add("e" + i);
        }
        map.flush();
        list.flush();
        System.out.println("FLUSHED");
        System.out.flush();
        for (long i = n; ; i++) {
            map.set(i, "v" + i);
            list.add("e" + i);
            if (i % 1_000 == 0) {
                list.remove(n);   // moves the whole unflushed tail: a kill in the middle must not tear it
            }
        }
    }

    private static void fill(Path folder, int mapEntries, int listElements) {
        try (DiskMap<Object, Object> map = DiskMap.open(folder.resolve("map"));
                DiskList<Object> list = DiskList.open(folder.resolve("list"))) {
            for (int i = 0; i < mapEntries; i++) {
                map.set(i, payload(i));
            }
            for (int i = 0; i < listElements; i++) {
                list.add(payload(-i));
            }
        }
        System.out.println("FILLED maxHeap=" + Runtime.getRuntime().maxMemory());
    }

    private static void readBack(Path folder, int mapEntries, int listElements) {
        long bytes = 0;
        try (DiskMap<Object, Object> map = DiskMap.open(folder.resolve("map"));
                DiskList<Object> list = DiskList.open(folder.resolve("list"))) {
            check(map.size() == mapEntries, "map size " + map.size());
            for (int i = 0; i < mapEntries; i++) {
                byte[] value = (byte[]) map.get(i);
                check(Arrays.equals(value, payload(i)), "map entry " + i);
                bytes += value.length;
            }
            int i = 0;
            for (Object element : list) {
                check(Arrays.equals((byte[]) element, payload(-i)), "list element " + i);
                bytes += ((byte[]) element).length;
                i++;
            }
            check(i == listElements, "list size " + i);
        }
        System.out.println("READ " + bytes);
    }

    /** Small entries, kept decoded in the page cache: its memory accounting, not the codec, bounds the heap. */
    private static void fillSmall(Path folder, int n) {
        try (DiskMap<Object, Object> map = DiskMap.open(folder.resolve("map"))) {
            for (int i = 0; i < n; i++) {
                map.set(i, "small value " + i);
            }
        }
        try (DiskList<Object> list = DiskList.open(folder.resolve("list"))) {
            for (int i = 0; i < n; i++) {
                list.add((long) i);
            }
        }
        System.out.println("FILLED maxHeap=" + Runtime.getRuntime().maxMemory());
    }

    /** Reads every entry in a scattered order, so the cache keeps evicting. */
    private static void readSmall(Path folder, int n) {
        long found = 0;
        try (DiskMap<Object, Object> map = DiskMap.open(folder.resolve("map"))) {
            check(map.size() == n, "map size " + map.size());
            for (int i = 0; i < n; i++) {
                int key = (int) (i * 7_919L % n);
                check(("small value " + key).equals(map.get(key)), "map entry " + key);
                found++;
            }
        }
        try (DiskList<Object> list = DiskList.open(folder.resolve("list"))) {
            check(list.size() == n, "list size " + list.size());
            for (int i = 0; i < n; i++) {
                int index = (int) (i * 7_919L % n);
                check(list.get(index).equals((long) index), "list element " + index);
                found++;
            }
        }
        System.out.println("READ " + found);
    }

    /** 4 KiB that LZ4 cannot shrink, different for every seed. */
    static byte[] payload(int seed) {
        byte[] bytes = new byte[4096];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("wrong " + what);
        }
    }
}
