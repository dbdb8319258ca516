import re

from django.core import mail

LINK = re.compile(r"https?://\S+/learn/sign-in/link/\?token=(\S+)")


def link_token_from_outbox(address):
    message = [m for m in mail.outbox if m.to == [address]][-1]
    return LINK.search(message.body).group(1)


def sign_in_by_email(client, language, address):
    response = client.post(f"/{language}/learn/sign-in/", {"email": address})
    assert response.status_code == 200
    token = link_token_from_outbox(address)
    landing = client.get(f"/{language}/learn/sign-in/link/", {"token": token})
    assert landing.status_code == 200 and token in landing.content.decode()
    return token, client.post(f"/{language}/learn/sign-in/link/", {"token": token})


def course_pages():
    from content.models import TrainingPage

    course = TrainingPage.objects.get(slug="recognize-signs")
    return course, list(course.lessons())


def right_answers(lesson):
    return {f"q{q['number']}": str(q["correct"]) for q in lesson.questions()}
