extension String {
    /// The text with control characters made visible (`\x1B`, `\n`), so a hostile index or
    /// table name cannot move the cursor, retitle the terminal or break a table's rows; bidi
    /// controls (`\u202E`) too, so a name cannot show its letters in another order than it has.
    /// `keepNewlines` leaves line breaks alone (for whole reports; never for a cell); `keepTabs`
    /// leaves tabs (the TUI's screen turns them into a space).
    public func escapingControlCharacters(keepNewlines: Bool = false, keepTabs: Bool = false) -> String {
        func kept(_ scalar: Unicode.Scalar) -> Bool {
            !Self.isControl(scalar) || (keepNewlines && scalar == "\n") || (keepTabs && scalar == "\t")
        }
        guard !unicodeScalars.allSatisfy(kept) else { return self }
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if kept(scalar) {
                out.append(scalar)
                continue
            }
            let escaped: String
            switch scalar {
            case "\n": escaped = "\\n"
            case "\t": escaped = "\\t"
            case "\r": escaped = "\\r"
            case _ where scalar.value > 0xFF: escaped = "\\u" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            default: escaped = "\\x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2)
            }
            out.append(contentsOf: escaped.unicodeScalars)
        }
        return String(out)
    }

    /// C0/C1 controls and bidi controls: what no output of idxscope sends raw.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || isBidiControl(scalar)
    }

    /// Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the LRM/RLM marks
    /// (U+200E/F) and the Arabic letter mark (U+061C).
    private static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }

    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
