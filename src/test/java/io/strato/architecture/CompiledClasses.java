package io.strato.architecture;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The types each compiled class of Strato refers to, read from its constant pool: the classes it
 * names (calls, instantiations, casts) and every type in its field, method and generic signatures.
 * That is what {@code import} statements become, plus what a fully qualified name in the code hides
 * from a grep. Nested and anonymous classes count as their top-level class.
 */
final class CompiledClasses {

  private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L([\\w/$]+)[;<]");

  private CompiledClasses() {}

  /** Top-level class name (dotted) to the dotted names of the types it refers to. */
  static Map<String, Set<String>> read(Path classes) throws IOException {
    Map<String, Set<String>> refs = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(file).toString().replace('\\', '/');
        name = name.substring(0, name.length() - ".class".length());
        if (name.endsWith("package-info") || name.endsWith("module-info")) {
          continue;
        }
        String owner = topLevel(name.replace('/', '.'));
        Set<String> into = refs.computeIfAbsent(owner, k -> new TreeSet<>());
        try (InputStream in = Files.newInputStream(file)) {
          for (String ref : referencedTypes(in)) {
            String dotted = topLevel(ref.replace('/', '.'));
            if (!dotted.equals(owner)) {
              into.add(dotted);
            }
          }
        }
      }
    }
    return refs;
  }

  static String topLevel(String dotted) {
    int dollar = dotted.indexOf('$');
    return dollar < 0 ? dotted : dotted.substring(0, dollar);
  }

  /** Internal names ({@code a/b/C}) of the types a class file's constant pool refers to. */
  static Set<String> referencedTypes(InputStream classFile) throws IOException {
    DataInputStream in = new DataInputStream(classFile);
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classNames = new int[count];
    int classes = 0;
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classNames[classes++] = in.readUnsignedShort();
        case 8, 16, 19, 20 -> in.readUnsignedShort();
        case 15 -> in.skipBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
        case 5, 6 -> {
          in.skipBytes(8);
          i++; // a long or double takes two slots
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    Set<String> types = new TreeSet<>();
    for (int c = 0; c < classes; c++) {
      String name = utf8[classNames[c]];
      if (name.startsWith("[")) {
        descriptorTypes(name, types);
      } else {
        types.add(name);
      }
    }
    // Field, method and generic signatures: a parameter type need not appear as a class entry.
    for (String s : utf8) {
      if (s != null && s.indexOf('L') >= 0 && s.indexOf(';') > 0) {
        descriptorTypes(s, types);
      }
    }
    return types;
  }

  private static void descriptorTypes(String descriptor, Set<String> into) {
    Matcher m = DESCRIPTOR_TYPE.matcher(descriptor);
    while (m.find()) {
      into.add(m.group(1));
    }
  }
}
