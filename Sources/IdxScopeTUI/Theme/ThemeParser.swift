/// The theme parser and the built-in themes' texts, public for the fuzzer (idxscope-fuzz) only:
/// the rest of `Theme` stays internal to the TUI.
public enum ThemeParser {
    public static var builtinTexts: [String] { BuiltinThemes.all.map(\.text) }

    /// Parses `text` as a theme file named `source`; throws `ThemeError` as the TUI would.
    public static func validate(_ text: String, source: String) throws { _ = try Theme.parse(text, source: source) }
}
