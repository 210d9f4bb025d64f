from modeltranslation.translator import TranslationOptions, register

from programme.models import FrequentlyAskedQuestion


@register(FrequentlyAskedQuestion)
class FrequentlyAskedQuestionTranslation(TranslationOptions):
    fields = ("question", "answer", "answer_html")
