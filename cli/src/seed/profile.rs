//! The organisations a seed onboards, each with its own countries and genres, and the
//! weighted choices that make seeded data look like a real service's.

use rand::RngExt as _;
use rand::rngs::StdRng;

/// An organisation to onboard.
#[derive(Debug, Clone)]
pub(crate) struct Profile {
    pub(crate) slug: String,
    pub(crate) name: String,
    pub(crate) domain: String,
    pub(crate) countries: &'static [(&'static str, u32)],
    pub(crate) genres: &'static [&'static str],
    /// Record labels release under their own name.
    pub(crate) own_label: bool,
}

/// A known organisation: slug, name, e-mail domain, countries, genres, own label.
type Known = (&'static str, &'static str, &'static str, &'static [(&'static str, u32)], &'static [&'static str], bool);

const KNOWN: &[Known] = &[
    (
        "northwind-records",
        "Northwind Records",
        "northwind.example",
        &[("GB", 50), ("IE", 20), ("US", 20), ("DE", 10)],
        &["indie", "folk", "rock", "electronic", "jazz"],
        true,
    ),
    (
        "aurora-radio",
        "Radio Aurora",
        "aurora.example",
        &[("FI", 40), ("SE", 30), ("NO", 20), ("DK", 10)],
        &["pop", "electronic", "metal", "ambient", "indie"],
        false,
    ),
    (
        "sonora-regional",
        "Sonora Regional",
        "sonora.example",
        &[("ES", 40), ("MX", 30), ("AR", 15), ("CO", 15)],
        &["latin", "pop", "reggaeton", "flamenco", "rock"],
        false,
    ),
    (
        "harbor-music-school",
        "Harbor Music School",
        "harbor.example",
        &[("US", 70), ("CA", 30)],
        &["classical", "jazz", "blues", "folk"],
        false,
    ),
];

/// The first `count` profiles: the known organisations, then numbered community stations.
pub(crate) fn profiles(count: usize) -> Vec<Profile> {
    (0..count)
        .map(|n| match KNOWN.get(n) {
            Some(&(slug, name, domain, countries, genres, own_label)) => Profile {
                slug: slug.to_owned(),
                name: name.to_owned(),
                domain: domain.to_owned(),
                countries,
                genres,
                own_label,
            },
            None => Profile {
                slug: format!("community-station-{}", n + 1),
                name: format!("Community Station {}", n + 1),
                domain: format!("station{}.example", n + 1),
                countries: &[("US", 40), ("BR", 30), ("IN", 30)],
                genres: &["pop", "rock", "hip-hop", "electronic", "country"],
                own_label: false,
            },
        })
        .collect()
}

/// Picks one of `choices` with probability proportional to its weight.
pub(crate) fn weighted<'a, T>(rng: &mut StdRng, choices: &'a [(T, u32)]) -> &'a T {
    let total: u32 = choices.iter().map(|(_, weight)| weight).sum();
    let mut pick = rng.random_range(0..total.max(1));
    for (choice, weight) in choices {
        if pick < *weight {
            return choice;
        }
        pick -= weight;
    }
    &choices[choices.len() - 1].0
}

/// An index below `len`, skewed towards 0 like the popularity of songs and artists.
pub(crate) fn skewed(rng: &mut StdRng, len: usize) -> usize {
    let u: f64 = rng.random();
    ((u.powf(2.2)) * len as f64) as usize % len.max(1)
}

/// Subscription plans in plausible proportions.
pub(crate) const PLANS: &[(&str, u32)] = &[("free", 55), ("premium", 30), ("family", 10), ("student", 5)];

/// Devices in plausible proportions.
pub(crate) const DEVICES: &[(&str, u32)] =
    &[("mobile", 55), ("desktop", 15), ("web", 12), ("tablet", 6), ("speaker", 6), ("car", 4), ("tv", 2)];

/// How much more people listen in each hour of the day (UTC), evening-heavy.
pub(crate) const HOURS: &[(u32, u32)] = &[
    (0, 4),
    (1, 2),
    (2, 1),
    (3, 1),
    (4, 1),
    (5, 2),
    (6, 4),
    (7, 7),
    (8, 8),
    (9, 6),
    (10, 5),
    (11, 5),
    (12, 6),
    (13, 6),
    (14, 5),
    (15, 5),
    (16, 6),
    (17, 8),
    (18, 10),
    (19, 12),
    (20, 13),
    (21, 12),
    (22, 9),
    (23, 6),
];

/// Words that make song, album and band names read like music, not like Latin filler.
pub(crate) const ADJECTIVES: &[&str] = &[
    "Quiet", "Electric", "Golden", "Broken", "Silver", "Endless", "Northern", "Velvet", "Hollow", "Wild", "Paper",
    "Neon", "Crimson", "Gentle", "Restless", "Distant", "Midnight", "Summer", "Frozen", "Burning", "Secret", "Lonely",
    "Bright", "Faded", "Salt", "Little", "Last", "Open", "Slow", "Sudden", "Blue", "Amber", "Hidden", "Heavy",
];

/// Nouns for names; see [`ADJECTIVES`].
pub(crate) const NOUNS: &[&str] = &[
    "Harbour", "River", "Lights", "Heart", "Road", "Echo", "Garden", "Tide", "Window", "Mountain", "Signal", "Dream",
    "Fire", "Letters", "Horizon", "Shadow", "City", "Morning", "Storm", "Mirror", "Ocean", "Station", "Forest",
    "Stars", "Lines", "Wolves", "Bridge", "Rain", "Voices", "Island", "Machine", "Season", "Lanterns", "Orchard",
];
