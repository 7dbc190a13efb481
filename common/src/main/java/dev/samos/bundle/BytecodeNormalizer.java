package dev.samos.bundle;

import java.util.Comparator;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InnerClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Rewrites a class file into the one byte form its behaviour determines, so a function's address survives
 * reformatting, comments, renamed locals and reordered members, and changes with anything the JVM would execute
 * differently.
 */
final class BytecodeNormalizer {

    private static final Comparator<FieldNode> FIELD_ORDER =
            Comparator.comparing((FieldNode f) -> f.name).thenComparing(f -> f.desc);
    private static final Comparator<MethodNode> METHOD_ORDER =
            Comparator.comparing((MethodNode m) -> m.name).thenComparing(m -> m.desc);

    private BytecodeNormalizer() {
    }

    /** The internal name ({@code a/b/C}) the class file declares; throws on anything that is not a class file. */
    static String internalName(byte[] classFile) {
        return new ClassReader(classFile).getClassName();
    }

    static ClassNode read(byte[] classFile, int flags) {
        ClassNode node = new ClassNode();
        new ClassReader(classFile).accept(node, flags);
        return node;
    }

    /** The class file with its NestHost set to {@code nestHost} (internal name, or null) and its NestMembers. */
    static byte[] reroot(byte[] classFile, String nestHost, List<String> nestMembers) {
        ClassNode node = read(classFile, 0);
        node.nestHostClass = nestHost;
        node.nestMembers = nestMembers == null || nestMembers.isEmpty() ? null : new java.util.ArrayList<>(nestMembers);
        ClassWriter writer = new ClassWriter(0);
        node.accept(writer);
        return writer.toByteArray();
    }

    static byte[] normalize(byte[] classFile) {
        // SKIP_DEBUG drops SourceFile, SourceDebugExtension, LineNumberTable, LocalVariable(Type)Table and
        // MethodParameters: names and lines that the JVM never acts on.
        ClassNode node = read(classFile, ClassReader.SKIP_DEBUG);
        node.sourceFile = null;
        node.sourceDebug = null;
        // Unknown attributes and CLASS-retention annotations are invisible at run time; tools add them at will.
        node.attrs = null;
        node.invisibleAnnotations = null;
        node.invisibleTypeAnnotations = null;
        for (FieldNode field : node.fields) {
            field.attrs = null;
            field.invisibleAnnotations = null;
            field.invisibleTypeAnnotations = null;
        }
        for (MethodNode method : node.methods) {
            method.attrs = null;
            method.parameters = null;
            method.localVariables = null;
            method.invisibleAnnotations = null;
            method.invisibleTypeAnnotations = null;
            method.invisibleParameterAnnotations = null;
            method.invisibleAnnotableParameterCount = 0;
            method.visibleLocalVariableAnnotations = null;
            method.invisibleLocalVariableAnnotations = null;
        }
        node.fields.sort(FIELD_ORDER);
        node.methods.sort(METHOD_ORDER);
        node.innerClasses.sort(Comparator.comparing((InnerClassNode c) -> c.name));
        sort(node.nestMembers);
        sort(node.permittedSubclasses);
        // A fresh writer (not one primed from the reader) builds the constant pool in visit order, which is now a
        // function of the sorted tree alone.
        ClassWriter writer = new ClassWriter(0);
        node.accept(writer);
        return writer.toByteArray();
    }

    private static void sort(List<String> names) {
        if (names != null) {
            names.sort(Comparator.naturalOrder());
        }
    }
}
