//! The one font charts use, bundled so that no system font library is needed: DejaVu Sans
//! (licence in `assets/fonts/LICENSE-DejaVu.txt`).

use std::sync::Once;

use plotters::style::{FontStyle, register_font};

static DEJAVU_SANS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// The family name charts ask for.
pub const SANS: &str = "sans-serif";

/// Register the font with plotters, once per process.
pub fn init() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bundled file is a valid TrueType font; a failure here would mean a broken build.
        let _ = register_font(SANS, FontStyle::Normal, DEJAVU_SANS);
    });
}
