"""«Объявления»: announcements for entrances and notice boards, and a visit's letters."""
