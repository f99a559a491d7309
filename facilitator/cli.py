def main() -> int:
    import facilitator.storage, facilitator.ui
    print(facilitator.storage.__file__, facilitator.ui.__file__)
    return 0
