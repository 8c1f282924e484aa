"""The home page: a signed-in person's programmes; for the public, published digests."""


def test_public_home_lists_programmes_with_published_recommendations(client, make):
    with_digest = make.programme(title="Arctic dialogue")
    make.recommendation(with_digest, make.user(), status="published")
    without = make.programme(title="Quiet programme")
    make.recommendation(without, make.user(), status="adopted")
    page = client.get("/").get_data(as_text=True)
    assert "Arctic dialogue" in page
    assert "Quiet programme" not in page


def test_public_home_empty_state(client):
    assert "Nothing published yet" in client.get("/").get_data(as_text=True)


def test_signed_in_home_lists_only_own_programmes(client, make, login):
    user = make.user()
    staffed = make.programme(title="海上对话")
    registered = make.programme(title="حوار الخليج")
    make.programme(title="Someone else's")
    make.member(staffed, user, "facilitator")
    make.registration(registered, registered.sides[0], user)
    login(user)
    page = client.get("/").get_data(as_text=True)
    assert "海上对话" in page
    assert "حوار الخليج" in page
    assert "Someone else" not in page


def test_administrators_see_every_programme(client, make, login):
    make.programme(title="First")
    make.programme(title="Second")
    login(make.user(is_admin=True))
    page = client.get("/").get_data(as_text=True)
    assert "First" in page
    assert "Second" in page
