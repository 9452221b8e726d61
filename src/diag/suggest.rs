//! "Did you mean …" suggestions by edit distance.

/// The candidate closest to `input`, if it is close enough to be a plausible typo.
pub fn closest<'a, I, S>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a S>,
    S: AsRef<str> + 'a + ?Sized,
{
    let lowered = input.to_lowercase();
    candidates
        .into_iter()
        .map(AsRef::as_ref)
        .filter(|c| !c.is_empty())
        .map(|c| {
            let score = strsim::damerau_levenshtein(&lowered, &c.to_lowercase());
            (score, c)
        })
        .filter(|(score, c)| {
            let len = input.chars().count().max(c.chars().count());
            // One edit in four characters (at least one) still reads as a typo.
            *score <= (len / 4).max(1) || (*score <= len / 2 && shares_prefix(input, c))
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

fn shares_prefix(a: &str, b: &str) -> bool {
    let n = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    n >= 3
}

/// `did you mean `x`?` for the closest candidate.
pub fn did_you_mean<'a, I, S>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a S>,
    S: AsRef<str> + 'a + ?Sized,
{
    closest(input, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_typos_not_strangers() {
        let fields = ["target", "title", "audience", "evidence"];
        assert_eq!(closest("traget", &fields), Some("target"));
        assert_eq!(closest("audiance", &fields), Some("audience"));
        assert_eq!(closest("zzz", &fields), None);
        assert_eq!(
            closest("behaviour", &["behavior", "priority"]),
            Some("behavior")
        );
    }
}
