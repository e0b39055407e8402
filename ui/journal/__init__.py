"""«Обращения»: the request journal page, the registration form, the request card."""
