extension String {
    /// The text with control characters made visible (`\x1B`, `\n`), so a hostile index or
    /// table name cannot move the cursor, retitle the terminal or break a table's rows.
    /// `keepNewlines` leaves line breaks alone (for whole reports; never for a cell).
    public func escapingControlCharacters(keepNewlines: Bool = false) -> String {
        guard unicodeScalars.contains(where: { Self.isControl($0) && !(keepNewlines && $0 == "\n") }) else { return self }
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if !Self.isControl(scalar) || (keepNewlines && scalar == "\n") {
                out.append(scalar)
                continue
            }
            let escaped: String
            switch scalar {
            case "\n": escaped = "\\n"
            case "\t": escaped = "\\t"
            case "\r": escaped = "\\r"
            default: escaped = "\\x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2)
            }
            out.append(contentsOf: escaped.unicodeScalars)
        }
        return String(out)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
