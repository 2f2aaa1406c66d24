"""Operations: Prometheus metrics, structured logs, the request and judging context they carry."""
