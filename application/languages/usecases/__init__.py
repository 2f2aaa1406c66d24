from application.languages.usecases.list_languages import ListLanguages

__all__ = ["ListLanguages"]
