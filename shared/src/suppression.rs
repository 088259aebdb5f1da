//! Statistical disclosure control for published counts: a cell counting fewer than k people or
//! households is withheld (primary suppression), and so are as many other cells of the same
//! answer as it takes that no withheld cell can be recomputed by subtraction from the total and
//! the cells shown (complementary suppression).
//!
//! The rule for cells that add up to a known total (a breakdown by region, by sex): either none
//! is withheld, or at least two are and together they count at least k, and more than one each
//! (cells that exist count at least one: four withheld cells adding up to 4 are all 1). The
//! attacker then knows only the withheld cells' sum, which does not tell any one of them. Cells are added smallest
//! first, so as little as possible is withheld. Questions combined across several calls (the
//! same question with and without a filter) are not covered: see the README's Privacy section.

use crate::env::{ConfigError, parse_var};

/// The smallest count a published cell may show (k): `FORMALIZA_MIN_CELL`, default 5, never
/// below 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinCell(i64);

impl Default for MinCell {
    fn default() -> Self {
        Self(5)
    }
}

impl MinCell {
    /// The lowest k allowed: with 2, two withheld cells of 1 each would add up to k.
    pub const FLOOR: i64 = 3;

    pub fn new(k: i64) -> Result<Self, ConfigError> {
        if k < Self::FLOOR {
            return Err(ConfigError(format!(
                "FORMALIZA_MIN_CELL={k}: the smallest published cell may not be below {}",
                Self::FLOOR
            )));
        }
        Ok(Self(k))
    }

    /// `FORMALIZA_MIN_CELL` (default 5).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::new(parse_var("FORMALIZA_MIN_CELL", 5i64)?)
    }

    pub fn get(self) -> i64 {
        self.0
    }

    /// Whether a count of people or households is too small to show (a count of 0 is shown:
    /// it is nobody).
    pub fn too_small(self, count: i64) -> bool {
        count > 0 && count < self.0
    }
}

/// A published share in percent, to one decimal: integer arithmetic first, so that 576 of 1000
/// is exactly 57.6 (0 of nothing is 0).
pub fn percentage(count: i64, of: i64) -> f64 {
    if of == 0 {
        0.0
    } else {
        ((count * 1000 + of / 2) / of) as f64 / 10.0
    }
}

/// Which cells of a breakdown to withhold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withheld {
    /// One per part, in order.
    pub cells: Vec<bool>,
    /// No safe set of cells could be withheld short of all of them: withhold the total too.
    pub total: bool,
}

impl Withheld {
    pub fn any(&self) -> bool {
        self.cells.iter().any(|w| *w)
    }
}

/// Primary and complementary suppression of `parts`, cells that add up to (or, when a record may
/// count in several, cover) a total the caller may know: every part `too_small` is withheld,
/// then the smallest shown parts above zero until at least two are withheld counting at least
/// `k` together, and more than one each. When no such set exists, every part is withheld and so must the total be.
pub fn complementary(parts: &[i64], k: MinCell) -> Withheld {
    complementary_with(parts, k, |count| k.too_small(count))
}

/// [`complementary`] with the primary rule given: `small` says which parts must be withheld
/// (the coverage indicator withholds an empty scope too, where counts of people show 0).
pub fn complementary_with(parts: &[i64], k: MinCell, small: impl Fn(i64) -> bool) -> Withheld {
    let mut cells: Vec<bool> = parts.iter().map(|&count| small(count)).collect();
    let mut total = false;
    if cells.iter().any(|w| *w) {
        loop {
            let (withheld, sum) = parts
                .iter()
                .zip(&cells)
                .filter(|(_, w)| **w)
                .fold((0usize, 0i64), |(n, sum), (count, _)| (n + 1, sum + count));
            // Each withheld cell counts at least one, so cells adding up to no more than their
            // number would all be known to be 1.
            let count = i64::try_from(withheld).unwrap_or(i64::MAX);
            if withheld >= 2 && sum >= k.get() && sum > count {
                break;
            }
            let smallest = parts
                .iter()
                .enumerate()
                .filter(|(i, count)| !cells[*i] && **count > 0)
                .min_by_key(|(_, count)| **count)
                .map(|(i, _)| i);
            match smallest {
                Some(i) => cells[i] = true,
                None => {
                    cells.iter_mut().for_each(|w| *w = true);
                    total = true;
                    break;
                }
            }
        }
    }
    let whole: i64 = parts.iter().sum();
    Withheld {
        cells,
        total: total || k.too_small(whole),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use proptest::prelude::*;

    use super::*;

    #[test]
    fn percentages_are_exact_to_one_decimal() {
        assert_eq!(percentage(576, 1000), 57.6);
        assert_eq!(percentage(428, 1000), 42.8);
        assert_eq!(percentage(57, 100), 57.0);
        assert_eq!(percentage(1, 3), 33.3);
        assert_eq!(percentage(2, 3), 66.7);
        assert_eq!(percentage(0, 0), 0.0);
    }

    const K: MinCell = MinCell(5);

    #[test]
    fn a_lone_small_cell_takes_its_smallest_neighbour_with_it() {
        let withheld = complementary(&[40, 3, 12, 7], K);
        assert_eq!(withheld.cells, [false, true, false, true]);
        assert!(!withheld.total);
    }

    #[test]
    fn two_small_cells_that_add_up_to_less_than_k_take_a_third() {
        let withheld = complementary(&[1, 2, 30, 9], K);
        assert_eq!(withheld.cells, [true, true, false, true]);
    }

    #[test]
    fn nothing_small_nothing_withheld_and_zero_is_shown() {
        assert_eq!(complementary(&[5, 0, 17], K).cells, [false, false, false]);
    }

    #[test]
    fn when_no_safe_set_exists_everything_goes() {
        let withheld = complementary(&[3, 0, 0], K);
        assert_eq!(withheld.cells, [true, true, true]);
        assert!(withheld.total);
    }

    #[test]
    fn withheld_cells_that_could_only_be_one_each_take_another_or_the_total() {
        let withheld = complementary(&[1, 1, 1, 9], MinCell(3));
        assert_eq!(withheld.cells, [true, true, true, true]);
        assert!(!withheld.total);
        assert!(complementary(&[1, 1, 1, 1], MinCell(3)).total);
    }

    #[test]
    fn k_is_at_least_three() {
        assert!(MinCell::new(2).is_err());
        assert_eq!(MinCell::new(3).unwrap().get(), 3);
    }

    /// The values each withheld cell can take, given what the answer shows and a visible total:
    /// the withheld cells add up to the total minus the cells shown, and each counts at least one
    /// (a group that exists), so cell i lies in [1, hidden sum - (withheld cells - 1)].
    fn possible_range(parts: &[i64], withheld: &[bool]) -> (i64, i64) {
        let hidden_sum: i64 = parts
            .iter()
            .zip(withheld)
            .filter(|(_, w)| **w)
            .map(|(c, _)| c)
            .sum();
        let hidden = i64::try_from(withheld.iter().filter(|w| **w).count()).unwrap();
        (1, hidden_sum - (hidden - 1))
    }

    proptest! {
        /// No withheld cell can be recomputed from the cells shown and a visible total: each can
        /// take at least two values. (Zeros are shown and never withheld to protect others.)
        #[test]
        fn no_withheld_cell_can_be_recomputed(
            parts in proptest::collection::vec(prop_oneof![1 => Just(0i64), 3 => 1i64..8, 2 => 8i64..60], 1..7),
            k in 3i64..7,
        ) {
            let k = MinCell::new(k).unwrap();
            let withheld = complementary(&parts, k);
            for (count, w) in parts.iter().zip(&withheld.cells) {
                if k.too_small(*count) {
                    prop_assert!(*w, "a small cell is shown: {parts:?}");
                }
            }
            if !withheld.any() || withheld.total {
                return Ok(());
            }
            let (low, high) = possible_range(&parts, &withheld.cells);
            prop_assert!(high > low, "a withheld cell of {parts:?} (withheld {:?}) can only be {low}", withheld.cells);
            // Nor can any be known to be small: together they count at least k.
            let hidden: i64 = parts.iter().zip(&withheld.cells).filter(|(_, w)| **w).map(|(c, _)| c).sum();
            prop_assert!(hidden >= k.get());
        }
    }
}
