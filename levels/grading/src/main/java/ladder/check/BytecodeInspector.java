package ladder.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import ladder.course.ForbiddenApi;

/**
 * Reads the learner's compiled classes with ASM and reports every use of a forbidden API: a
 * method call, field access, allocation, cast, type in a signature, super type, method handle,
 * {@code synchronized} method or block.
 *
 * <p>Working on bytecode rather than source text means comments, strings and imports never
 * trigger it, while fully-qualified names, {@code var} and lambdas never escape it.
 */
public final class BytecodeInspector {

    private final List<ForbiddenApi> rules;
    private final List<String> allowed;

    /**
     * @param rules   what is forbidden
     * @param allowed exceptions to package rules, as internal class names
     *                ({@code java/util/concurrent/locks/LockSupport})
     */
    public BytecodeInspector(List<ForbiddenApi> rules, List<String> allowed) {
        this.rules = List.copyOf(rules);
        this.allowed = List.copyOf(allowed);
    }

    /** Inspects every class file under {@code classes}; one finding per API and place. */
    public List<ForbiddenUse> inspect(Path classes) throws IOException {
        Map<String, ForbiddenUse> found = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(classes)) {
            files = s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                new ClassReader(in).accept(new Scan(found), 0);
            }
        }
        return new ArrayList<>(found.values());
    }

    private ForbiddenApi match(String owner, String member) {
        if (owner == null) {
            return null;
        }
        if (owner.startsWith("[")) {
            Type t = Type.getType(owner);
            while (t.getSort() == Type.ARRAY) {
                t = t.getElementType();
            }
            if (t.getSort() != Type.OBJECT) {
                return null;
            }
            owner = t.getInternalName();
        }
        if (allowed.contains(owner)) {
            return null;
        }
        for (ForbiddenApi r : rules) {
            String api = r.api();
            if (r.isMethod()) {
                String cls = api.substring(0, api.indexOf('#'));
                String name = api.substring(api.indexOf('#') + 1);
                if (member != null && name.equals(member) && owner.equals(cls)) {
                    return r;
                }
            } else if (r.isPackage() ? owner.startsWith(api) : owner.equals(api) || owner.startsWith(api + "$")) {
                return r;
            }
        }
        return null;
    }

    /**
     * {@code wait}/{@code notify}/{@code notifyAll} are final in Object, so a call with their
     * descriptor is Object's whatever receiver type javac names as the owner ({@code this.wait()}
     * in class Mutex is compiled as {@code Mutex.wait}).
     */
    private static boolean objectMethod(String name, String desc) {
        return switch (name) {
            case "wait" -> desc.equals("()V") || desc.equals("(J)V") || desc.equals("(JI)V");
            case "notify", "notifyAll" -> desc.equals("()V");
            default -> false;
        };
    }

    private ForbiddenApi synchronizedRule() {
        for (ForbiddenApi r : rules) {
            if (r.api().equals("synchronized")) {
                return r;
            }
        }
        return null;
    }

    private final class Scan extends ClassVisitor {
        private final Map<String, ForbiddenUse> found;
        private String className;
        private String source;

        Scan(Map<String, ForbiddenUse> found) {
            super(Opcodes.ASM9);
            this.found = found;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            className = name;
            checkType(superName, "<class>", 0);
            if (interfaces != null) {
                for (String i : interfaces) {
                    checkType(i, "<class>", 0);
                }
            }
        }

        @Override
        public void visitSource(String source, String debug) {
            this.source = source;
        }

        @Override
        public org.objectweb.asm.FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            checkDescriptor(descriptor, name, 0);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            String method = name;
            if ((access & Opcodes.ACC_SYNCHRONIZED) != 0) {
                report(synchronizedRule(), "synchronized", method, 0);
            }
            checkMethodDescriptor(descriptor, method);
            return new MethodVisitor(Opcodes.ASM9) {
                int line;

                @Override
                public void visitLineNumber(int l, Label start) {
                    line = l;
                }

                @Override
                public void visitInsn(int opcode) {
                    if (opcode == Opcodes.MONITORENTER) {
                        report(synchronizedRule(), "synchronized", method, line);
                    }
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    checkType(type, method, line);
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String fname, String fdesc) {
                    checkType(owner, method, line);
                    checkDescriptor(fdesc, method, line);
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String mname, String mdesc, boolean itf) {
                    ForbiddenApi r = match(objectMethod(mname, mdesc) ? "java/lang/Object" : owner, mname);
                    if (r != null) {
                        report(r, display(owner, mname, r), method, line);
                    }
                    checkMethodDescriptor(mdesc, method, line);
                }

                @Override
                public void visitInvokeDynamicInsn(String iname, String idesc, Handle bsm, Object... args) {
                    checkMethodDescriptor(idesc, method, line);
                    for (Object a : args) {
                        if (a instanceof Handle h) {
                            ForbiddenApi r = match(h.getOwner(), h.getName());
                            if (r != null) {
                                report(r, display(h.getOwner(), h.getName(), r), method, line);
                            }
                        }
                    }
                }

                @Override
                public void visitLdcInsn(Object value) {
                    if (value instanceof Type t && t.getSort() == Type.OBJECT) {
                        checkType(t.getInternalName(), method, line);
                    }
                }

                @Override
                public void visitLocalVariable(String lname, String ldesc, String lsig, Label s, Label e, int index) {
                    checkDescriptor(ldesc, method, 0);
                }
            };
        }

        private void checkMethodDescriptor(String descriptor, String method) {
            checkMethodDescriptor(descriptor, method, 0);
        }

        private void checkMethodDescriptor(String descriptor, String method, int line) {
            Type m = Type.getMethodType(descriptor);
            checkDescriptor(m.getReturnType().getDescriptor(), method, line);
            for (Type a : m.getArgumentTypes()) {
                checkDescriptor(a.getDescriptor(), method, line);
            }
        }

        private void checkDescriptor(String descriptor, String method, int line) {
            Type t = Type.getType(descriptor);
            while (t.getSort() == Type.ARRAY) {
                t = t.getElementType();
            }
            if (t.getSort() == Type.OBJECT) {
                checkType(t.getInternalName(), method, line);
            }
        }

        private void checkType(String type, String method, int line) {
            ForbiddenApi r = match(type, null);
            if (r != null && !r.isMethod()) {
                report(r, r.isPackage() ? type.replace('/', '.') : r.display(), method, line);
            }
        }

        private String display(String owner, String member, ForbiddenApi r) {
            return r.isMethod() ? r.display() : owner.replace('/', '.');
        }

        private void report(ForbiddenApi rule, String api, String method, int line) {
            if (rule == null) {
                return;
            }
            String simple = className.substring(className.lastIndexOf('/') + 1);
            String where = simple + "." + method + (source == null ? "" : "(" + source + (line > 0 ? ":" + line : "") + ")");
            found.putIfAbsent(api + "@" + simple + "." + method, new ForbiddenUse(api, rule.why(), where));
        }
    }
}
