//! How error messages quote what a user wrote: a long value by an excerpt, a long list of
//! names by its first few, so that a multi-megabyte input costs a line of message.

use std::borrow::Cow;

/// How many characters of a value an error message quotes.
pub const EXCERPT_CHARS: usize = 60;

/// How many names a message lists before it says how many more there are.
pub const LISTED: usize = 20;

/// `text` whole if short, else its first [`EXCERPT_CHARS`] characters and an ellipsis.
pub fn excerpt(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(EXCERPT_CHARS) {
        None => Cow::Borrowed(text),
        Some((cut, _)) => Cow::Owned(format!("{}…", &text[..cut])),
    }
}

/// Names separated by commas: all of them if few, else the first [`LISTED`] and a count of
/// the rest; each name an excerpt.
pub fn list(names: &[&str]) -> String {
    let shown: Vec<Cow<str>> = names.iter().take(LISTED).map(|n| excerpt(n)).collect();
    match names.len().saturating_sub(LISTED) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_keep_short_text_and_cut_long_text_at_a_character() {
        assert_eq!(excerpt("us_admin"), "us_admin");
        let long = "é".repeat(1000);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), EXCERPT_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(excerpt(&"x".repeat(EXCERPT_CHARS)).len(), EXCERPT_CHARS, "exactly the limit is whole");
    }

    #[test]
    fn long_lists_are_cut_with_a_count() {
        assert_eq!(list(&["a", "b"]), "a, b");
        let many: Vec<String> = (0..25).map(|i| i.to_string()).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(list(&many), "0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19 and 5 more");
    }
}
