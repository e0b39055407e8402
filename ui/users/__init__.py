"""Who is working: the «Кто работает?» dialog at start and the «Пользователи» settings tab."""
