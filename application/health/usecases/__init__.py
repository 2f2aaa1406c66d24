from application.health.usecases.check_health import CheckHealth, HealthReport

__all__ = ["CheckHealth", "HealthReport"]
