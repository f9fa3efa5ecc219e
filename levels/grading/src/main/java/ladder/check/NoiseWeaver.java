package ladder.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Weaves a call to {@code ladder.grading.Noise.point()} before every synchronization point of the
 * learner's compiled classes, so that the grader's schedule noise can widen race windows in code
 * it has never seen (see {@code ladder.grading.Noise} for why and how much).
 *
 * <p>A synchronization point is an instruction whose timing relative to other threads decides an
 * interleaving: a call on {@code java.util.concurrent.atomic}, {@code VarHandle},
 * {@code LockSupport}, the toolkit's {@code Futex}, {@code Object.wait/notify}; a read or write of a
 * {@code volatile} field declared by the learner's classes; entering or leaving a monitor. The
 * inserted call takes no operands and leaves none, so stack shapes and frames are unchanged; only
 * the classes in the temporary grading folder are rewritten, never the learner's workspace.
 *
 * <p><b>Plain accesses are never woven.</b> A point is a call the JIT cannot see through (it may
 * yield), and a call inside a loop forbids the compiler to hoist a plain field read out of it. A
 * point before {@code while (count != 0) {}} on a plain {@code count} would therefore repair the
 * very visibility bug Level 3 must catch. So plain field reads and writes, array elements and the
 * plain access modes ({@code VarHandle.get/set}, {@code getPlain/setPlain}) stay as the learner
 * wrote them; the noise goes only where an ordering already exists.
 */
final class NoiseWeaver {

    private static final String NOISE = "ladder/grading/Noise";

    private static final List<String> SYNC_OWNER_PREFIXES = List.of(
            "java/util/concurrent/atomic/",
            "java/lang/invoke/VarHandle",
            "java/util/concurrent/locks/LockSupport",
            "ladder/toolkit/Futex");

    private NoiseWeaver() {}

    /** Rewrites every class file under {@code classes} in place. */
    static void weave(Path classes) throws IOException {
        Map<Path, ClassReader> readers = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(classes)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".class")).toList()) {
                readers.put(f, new ClassReader(Files.readAllBytes(f)));
            }
        }
        // Two passes over the same bytes: every class's volatile fields first, since a class may
        // access another's (an inner class, a node type).
        Set<String> volatileFields = new HashSet<>();
        readers.values().forEach(r -> r.accept(new FieldCollector(volatileFields), ClassReader.SKIP_CODE));
        for (Map.Entry<Path, ClassReader> e : readers.entrySet()) {
            ClassWriter writer = new ClassWriter(e.getValue(), 0);
            e.getValue().accept(new Weaver(writer, volatileFields), 0);
            Files.write(e.getKey(), writer.toByteArray());
        }
    }

    /** Collects {@code owner.name} of every volatile field the learner declares. */
    private static final class FieldCollector extends ClassVisitor {
        private final Set<String> out;
        private String owner;

        FieldCollector(Set<String> out) {
            super(Opcodes.ASM9);
            this.out = out;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            owner = name;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            if ((access & Opcodes.ACC_VOLATILE) != 0) {
                out.add(owner + "." + name);
            }
            return null;
        }
    }

    /** {@code VarHandle.get/set} and {@code getPlain/setPlain}: plain accesses, left unwoven. */
    private static boolean isPlainMode(String owner, String name) {
        return name.endsWith("Plain")
                || (owner.equals("java/lang/invoke/VarHandle") && (name.equals("get") || name.equals("set")));
    }

    private static final class Weaver extends ClassVisitor {
        private final Set<String> volatileFields;

        Weaver(ClassVisitor next, Set<String> volatileFields) {
            super(Opcodes.ASM9, next);
            this.volatileFields = volatileFields;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            if ("<clinit>".equals(name)) {
                return mv; // class initialization is single-threaded by the JVM's own lock
            }
            return new MethodVisitor(Opcodes.ASM9, mv) {
                private void point() {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, NOISE, "point", "()V", false);
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                    boolean sync = (SYNC_OWNER_PREFIXES.stream().anyMatch(owner::startsWith) && !isPlainMode(owner, name))
                            || ("java/lang/Object".equals(owner) && (name.equals("wait") || name.startsWith("notify")));
                    if (sync) {
                        point();
                    }
                    super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                    if (volatileFields.contains(owner + "." + name)) {
                        point();
                    }
                    super.visitFieldInsn(opcode, owner, name, descriptor);
                }

                @Override
                public void visitInsn(int opcode) {
                    if (opcode == Opcodes.MONITORENTER || opcode == Opcodes.MONITOREXIT) {
                        point();
                    }
                    super.visitInsn(opcode);
                }
            };
        }
    }
}
